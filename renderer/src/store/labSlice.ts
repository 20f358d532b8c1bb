import type { LabState, LabUpdate } from '../../../node-runtime/contract/index.js';
import { toSerializedError } from '../transport/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { LabAction, LabSlice } from './labTypes.js';

/** Ticks kept for the chart (10 min at one per second, the longest run). */
export const LAB_TICKS_KEPT = 600;
const MESSAGES_KEPT = 50;

/** The Test lab's state: loaded by getLabState, then moved by the host's 'lab' events. */
export function createLabSlice({ client, set, get }: SliceDeps): LabSlice {
  /** Runs one action; its refusal is kept for the form, and the view never throws. */
  const act = async (action: LabAction, work: () => Promise<unknown>): Promise<boolean> => {
    if (get().labBusy !== null) return false;
    set({ labBusy: action, labActionError: null });
    try {
      await work();
      set({ labBusy: null });
      return true;
    } catch (error) {
      set({ labBusy: null, labActionError: { action, error: toSerializedError(error) } });
      return false;
    }
  };

  return {
    lab: null,
    labState: 'idle',
    labError: null,
    labBusy: null,
    labActionError: null,

    async loadLab() {
      set({ labState: 'loading' });
      try {
        const lab = await client.call('getLabState', null);
        set({ lab, labState: 'ready', labError: null });
      } catch (error) {
        set({ labState: 'error', labError: toSerializedError(error) });
      }
    },

    createLabUsers: (request) =>
      act('users', async () => {
        const users = await client.call('createLabUsers', request);
        const lab = get().lab;
        if (lab) set({ lab: { ...lab, users } });
      }),

    closeLabUsers: () =>
      act('users', async () => {
        await client.call('closeLabUsers', null);
        const lab = get().lab;
        if (lab) set({ lab: { ...lab, users: [] } });
      }),

    sendLabMessage: (request) =>
      act('send', async () => {
        const message = await client.call('sendLabMessage', request);
        get().applyLab({ kind: 'message', message });
      }),

    startBlast: (spec) =>
      act('blast', async () => {
        const blast = await client.call('startBlast', spec);
        const lab = get().lab;
        if (lab) set({ lab: { ...lab, blast, blastTicks: lab.blast?.runId === blast.runId ? lab.blastTicks : [] } });
      }),

    stopBlast: () =>
      act('blast', async () => {
        const blast = await client.call('stopBlast', null);
        const lab = get().lab;
        if (lab && blast) set({ lab: { ...lab, blast } });
      }),

    applyLab(update: LabUpdate) {
      const lab = get().lab;
      // Before the first load there is nothing to patch: getLabState brings the whole state.
      if (!lab) return;
      set({ lab: applyUpdate(lab, update) });
    },
  };
}

export function applyUpdate(lab: LabState, update: LabUpdate): LabState {
  switch (update.kind) {
    case 'users':
      return { ...lab, users: update.users };
    case 'message': {
      const index = lab.messages.findIndex((message) => message.id === update.message.id);
      const messages = index >= 0 ? lab.messages.map((message, i) => (i === index ? update.message : message)) : [...lab.messages, update.message].slice(-MESSAGES_KEPT);
      return { ...lab, messages };
    }
    case 'blast': {
      const sameRun = lab.blast?.runId === update.blast.runId;
      const ticks = sameRun ? lab.blastTicks : [];
      const last = ticks.at(-1);
      const blastTicks = update.tick && (!last || update.tick.elapsedMs > last.elapsedMs) ? [...ticks, update.tick].slice(-LAB_TICKS_KEPT) : ticks;
      return { ...lab, blast: update.blast, blastTicks };
    }
  }
}
