import type { IngestKeyResponse } from '@argus/shared';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';

export function rotateIngestKey(id: number): Promise<IngestKeyResponse> {
  return apiRequest<IngestKeyResponse>(`/api/cameras/${id}/ingest-key`, { method: 'POST' });
}

export function useRotateIngestKey() {
  return useMutation({ mutationFn: rotateIngestKey });
}
