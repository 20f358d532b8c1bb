/** Public entry of the terminal client (used by cli/clientMain.ts). */
export { runTerminalSession, type TerminalSessionOptions } from './terminalSession.js';
export { COMMANDS, runLine, parseAssignments, type TerminalContext } from './terminalCommands.js';
