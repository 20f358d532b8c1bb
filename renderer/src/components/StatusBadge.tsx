/* @jsxRuntime automatic */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

/** A coloured dot plus its meaning in words: state is never shown by colour alone. */
export function StatusBadge({ tone, label, title }: { tone: Tone; label: string; title?: string }) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export const HEALTH_TONE = { passing: 'ok', warning: 'warn', critical: 'bad' } as const satisfies Record<string, Tone>;
export const BACKEND_TONE = { ok: 'ok', degraded: 'warn', down: 'bad' } as const satisfies Record<string, Tone>;
