/**
 * Preload of the console window (sandboxed: bundled to one CommonJS file that requires only
 * `electron`). Exposes `window.chatConsole`; never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeConsoleBridge } from './consoleBridge.js';

exposeConsoleBridge(contextBridge, ipcRenderer);
