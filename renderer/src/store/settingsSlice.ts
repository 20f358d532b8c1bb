import { toSerializedError } from '../transport/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { SettingsSlice } from './storeTypes.js';

/** The cluster settings saved for the next start (getSettings/saveSettings); a refusal is kept for the form. */
export function createSettingsSlice({ client, env, set, get }: SliceDeps): SettingsSlice {
  return {
    settings: null,
    settingsState: 'idle',
    settingsError: null,
    settingsSaving: false,
    settingsSaveError: null,
    settingsSavedAt: null,

    async loadSettings() {
      set({ settingsState: 'loading' });
      try {
        const settings = await client.call('getSettings', null);
        set({ settings, settingsState: 'ready', settingsError: null });
      } catch (error) {
        set({ settingsState: 'error', settingsError: toSerializedError(error) });
      }
    },

    async saveSettings(input) {
      if (get().settingsSaving) return false;
      set({ settingsSaving: true, settingsSaveError: null });
      try {
        const settings = await client.call('saveSettings', input);
        set({ settings, settingsState: 'ready', settingsSaving: false, settingsSavedAt: env.now() });
        return true;
      } catch (error) {
        set({ settingsSaving: false, settingsSaveError: toSerializedError(error) });
        return false;
      }
    },
  };
}
