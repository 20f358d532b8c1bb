/** Render into the jsdom of domGlobals.ts with react-dom/client and act(), and drive it like a user. */
import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

export interface Rendered {
  container: HTMLElement;
  byTestId(id: string): HTMLElement;
  maybeByTestId(id: string): HTMLElement | null;
  unmount(): Promise<void>;
}

export async function render(element: ReactElement): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(element);
  });
  const maybeByTestId = (id: string): HTMLElement | null => container.querySelector<HTMLElement>(`[data-testid="${cssEscape(id)}"]`);
  return {
    container,
    maybeByTestId,
    byTestId(id) {
      const found = maybeByTestId(id);
      if (found === null) throw new Error(`no element with data-testid="${id}" in:\n${container.innerHTML.slice(0, 2000)}`);
      return found;
    },
    async unmount() {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

export async function click(element: Element): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

export async function pressKey(element: Element, key: string): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

/** Sets an input's value the way typing does (React listens to `input` and tracks the native value). */
export async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Lets pending promises and React updates settle. */
export async function settle(ms = 0): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

/** Runs something that updates the store (an event from the fake client) inside act(). */
export async function inAct(action: () => void): Promise<void> {
  await act(async () => {
    action();
  });
}
