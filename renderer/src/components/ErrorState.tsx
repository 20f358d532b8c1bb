/* @jsxRuntime automatic */
import type { ReactNode } from 'react';

export interface ErrorLike {
  code: string;
  message: string;
}

/** A failed call: the server's message, its code, an optional hint and a retry button. */
export function ErrorState({
  title,
  error,
  onRetry,
  children,
  testId = 'error-state',
}: {
  title: string;
  error: ErrorLike;
  onRetry?: () => void;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="error-state" role="alert" data-testid={testId} data-code={error.code}>
      <h2>{title}</h2>
      <p className="error-message">{error.message}</p>
      <p className="error-code">
        Error code: <code>{error.code}</code>
      </p>
      {children}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </section>
  );
}
