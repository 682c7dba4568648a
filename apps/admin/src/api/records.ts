import type {
  Award,
  CreateAwardBody,
  CreateEvaluationBody,
  CreateTrainingBody,
  Evaluation,
  RefuseCorrectionBody,
  ServiceCorrection,
  ServiceCorrectionList,
  ServiceCorrectionQuery,
  ServiceRecordPage,
  ServiceRecordQuery,
  Training,
  VolunteerRecord,
} from '@tongxin/shared/schemas';
import { http } from './http';

/** Service records (the hours queue: `status=pending`), scoped to the caller's regions. */
export const listServiceRecords = (query: ServiceRecordQuery) => http.get<ServiceRecordPage>('/service-records', { ...query });

/** Volunteers' requests to correct a confirmed record. */
export const listCorrections = (query: ServiceCorrectionQuery = {}) =>
  http.get<ServiceCorrectionList>('/service-corrections', { ...query });
/** The record takes the requested minutes; the volunteer is told. */
export const acceptCorrection = (id: string) => http.post<ServiceCorrection>(`/service-corrections/${id}/accept`);
/** The reason is sent to the volunteer. */
export const refuseCorrection = (id: string, body: RefuseCorrectionBody) =>
  http.post<ServiceCorrection>(`/service-corrections/${id}/refuse`, body);

/** A volunteer's whole record: totals, services, trainings, awards, evaluations. */
export const getVolunteerRecord = (volunteerId: string) => http.get<VolunteerRecord>(`/volunteers/${volunteerId}/record`);
export const addTraining = (volunteerId: string, body: CreateTrainingBody) =>
  http.post<Training>(`/volunteers/${volunteerId}/trainings`, body);
export const addAward = (volunteerId: string, body: CreateAwardBody) => http.post<Award>(`/volunteers/${volunteerId}/awards`, body);
export const addEvaluation = (volunteerId: string, body: CreateEvaluationBody) =>
  http.post<Evaluation>(`/volunteers/${volunteerId}/evaluations`, body);
