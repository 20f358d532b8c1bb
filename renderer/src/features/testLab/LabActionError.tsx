/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';
import type { LabAction } from '../../store/labTypes.js';

/** The host's refusal of the last lab action of this kind, next to its form. */
export function LabActionError({ action }: { action: LabAction }) {
  const failure = useConsole((state) => (state.labActionError?.action === action ? state.labActionError.error : null));
  if (!failure) return null;
  return (
    <p className="inline-error" role="alert" data-testid={`lab-error-${action}`} data-code={failure.code}>
      {failure.message}
    </p>
  );
}
