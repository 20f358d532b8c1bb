/* @jsxRuntime automatic */
import type { ReactNode } from 'react';

/** Nothing to show yet, and what to do about it. */
export function EmptyState({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="empty-state" data-testid={testId} aria-live="polite">
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
    </section>
  );
}
