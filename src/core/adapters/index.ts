export { parsePresignResponse, presignAdapters } from './parsePresignResponse';
export { nativeAdapter } from './native';
export { eachlabsAdapter } from './eachlabs';
export { modelrouteAdapter } from './modelroute';
export { apimodelsAdapter } from './apimodels';
export { prunaAdapter } from './pruna';
export { autoAdapter } from './auto';
export type { AdapterResult, PresignAdapter } from './shared';
