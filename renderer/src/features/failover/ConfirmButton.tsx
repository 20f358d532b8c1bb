/* @jsxRuntime automatic */
import { useState } from 'react';

/** A destructive button that asks first: the first click shows "Confirm" and "Cancel" in its place. */
export function ConfirmButton({ label, question, testId, disabled, danger, onConfirm }: { label: string; question: string; testId: string; disabled?: boolean; danger?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'button button-danger' : 'button'} data-testid={testId} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="button button-danger"
        data-testid={`confirm-${testId}`}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Confirm
      </button>
      <button type="button" className="button" data-testid={`cancel-${testId}`} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
