import { ApiError } from '@/lib/http';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) return 'Cannot reach the server.';
    if (error.status === 403) return 'You are not allowed to do that.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** A mutation's error, announced to screen readers. */
export function MutationError({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="form-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
