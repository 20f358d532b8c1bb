import type { ConsoleState } from '../../store/index.js';

/** Destructive controls (node actions, runs, saving scenarios) are hidden in read-only mode. */
export const selectFailoverWritable = (state: ConsoleState): boolean => state.info?.readOnly !== true && state.overview?.readOnly !== true;
