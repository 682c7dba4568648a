import type { RegionFigures, RegionFiguresQuery } from '@tongxin/shared/schemas';
import { http } from './http';

export const getFigures = (query: RegionFiguresQuery) => http.get<RegionFigures>('/figures', { ...query });
