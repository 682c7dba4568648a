/**
 * Types of the Vant components that unplugin-vue-components imports on demand (VantResolver), so
 * that vue-tsc checks their props from a clean checkout. Written by hand rather than generated
 * (the generated file does not pass our Prettier check); `vant-components.test.ts` fails when a
 * template uses a <van-*> component that is missing here.
 */
export {};

declare module 'vue' {
  export interface GlobalComponents {
    VanButton: (typeof import('vant'))['Button'];
    VanCell: (typeof import('vant'))['Cell'];
    VanCellGroup: (typeof import('vant'))['CellGroup'];
    VanDatePicker: (typeof import('vant'))['DatePicker'];
    VanEmpty: (typeof import('vant'))['Empty'];
    VanField: (typeof import('vant'))['Field'];
    VanForm: (typeof import('vant'))['Form'];
    VanGrid: (typeof import('vant'))['Grid'];
    VanGridItem: (typeof import('vant'))['GridItem'];
    VanIcon: (typeof import('vant'))['Icon'];
    VanList: (typeof import('vant'))['List'];
    VanLoading: (typeof import('vant'))['Loading'];
    VanPopup: (typeof import('vant'))['Popup'];
    VanPullRefresh: (typeof import('vant'))['PullRefresh'];
    VanRadio: (typeof import('vant'))['Radio'];
    VanRadioGroup: (typeof import('vant'))['RadioGroup'];
    VanRate: (typeof import('vant'))['Rate'];
    VanSwitch: (typeof import('vant'))['Switch'];
    VanTabbar: (typeof import('vant'))['Tabbar'];
    VanTabbarItem: (typeof import('vant'))['TabbarItem'];
    VanTag: (typeof import('vant'))['Tag'];
    VanTimePicker: (typeof import('vant'))['TimePicker'];
    VanUploader: (typeof import('vant'))['Uploader'];
  }
}
