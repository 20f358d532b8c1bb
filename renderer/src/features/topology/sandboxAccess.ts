import type { ConsoleState } from '../../store/index.js';

/** Add/remove is offered only in the embedded sandbox, and never in read-only mode. */
export const selectCanEditSandbox = (state: ConsoleState): boolean =>
  state.info?.sandbox === true && !state.info.readOnly && state.overview?.readOnly !== true;
