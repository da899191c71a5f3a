// `media-uploader/testing`: msw handlers that behave like each provider's documented upload API.
// Imports only `msw` (never msw/node or node:*) so the same handlers run under setupServer and setupWorker.
export { apimodelsMock } from './apimodels';
export { eachlabsMock } from './eachlabs';
export { modelrouteMock } from './modelroute';
export { presignEndpointMock } from './presignEndpointMock';
export { prunaMock } from './pruna';
export type {
  MockCall,
  MockUpload,
  PresignEndpointFailure,
  PresignEndpointMockOptions,
  ProviderMock,
  ProviderMockOptions,
} from './types';
