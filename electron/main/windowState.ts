/**
 * The main window's bounds and maximized flag, kept in userData/window-state.json between runs.
 * A missing, corrupt or implausible file, or a position no display shows any more, falls back to
 * defaults (size kept when only the position is lost: Electron then centres the window).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DisplayPort, Rectangle } from './ports.js';

export interface WindowState {
  /** Absent: let Electron centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = { width: 1280, height: 800, maximized: false };
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
const MAX_WINDOW_SIDE = 16_384;
/** How much of the title bar must be on a display for the saved position to be kept. */
const VISIBLE_TITLE_WIDTH = 100;
const VISIBLE_TITLE_HEIGHT = 24;

export type LoadResult = { state: WindowState; problem: string | null };

/** Reads and validates the saved state; never throws. `problem` says why defaults were used. */
export function loadWindowState(file: string, displays: readonly DisplayPort[]): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { state: { ...DEFAULT_WINDOW_STATE }, problem: missing ? null : `cannot read ${file}: ${String(error)}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: { ...DEFAULT_WINDOW_STATE }, problem: `${file} is not JSON` };
  }
  return validateWindowState(raw, displays);
}

export function validateWindowState(raw: unknown, displays: readonly DisplayPort[]): LoadResult {
  if (typeof raw !== 'object' || raw === null) return { state: { ...DEFAULT_WINDOW_STATE }, problem: 'not an object' };
  const { x, y, width, height, maximized } = raw as Record<string, unknown>;
  if (!isSide(width, MIN_WINDOW_SIZE.width) || !isSide(height, MIN_WINDOW_SIZE.height)) {
    return { state: { ...DEFAULT_WINDOW_STATE }, problem: 'bad width or height' };
  }
  const state: WindowState = { width, height, maximized: maximized === true };
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return { state: fitSize(state, displays), problem: null };
  const bounds = { x: x as number, y: y as number, width, height };
  const display = displays.find((candidate) => titleBarVisibleOn(bounds, candidate.workArea));
  if (display === undefined) return { state: fitSize(state, displays), problem: 'saved position is off every display' };
  return { state: { ...fitSize(state, [display]), x: bounds.x, y: bounds.y }, problem: null };
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
  renameSync(temp, file);
}

export function stateFromWindow(bounds: Rectangle, maximized: boolean): WindowState {
  return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized };
}

function isSide(value: unknown, min: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= MAX_WINDOW_SIDE;
}

function titleBarVisibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = Math.max(bounds.y, area.y);
  const bottom = Math.min(bounds.y + VISIBLE_TITLE_HEIGHT, area.y + area.height);
  return right - left >= VISIBLE_TITLE_WIDTH && bottom - top >= VISIBLE_TITLE_HEIGHT;
}

/** A window larger than every display (a monitor went away) is shrunk to the largest one. */
function fitSize(state: WindowState, displays: readonly DisplayPort[]): WindowState {
  if (displays.length === 0) return state;
  const maxWidth = Math.max(...displays.map((d) => d.workArea.width));
  const maxHeight = Math.max(...displays.map((d) => d.workArea.height));
  return {
    ...state,
    width: Math.max(MIN_WINDOW_SIZE.width, Math.min(state.width, maxWidth)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.min(state.height, maxHeight)),
  };
}
