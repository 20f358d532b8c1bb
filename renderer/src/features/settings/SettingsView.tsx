/* @jsxRuntime automatic */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConsoleSettingsInput } from '../../../../node-runtime/contract/index.js';
import { ErrorState } from '../../components/index.js';
import { useConsole, type ConsoleState } from '../../store/index.js';

const EMPTY: ConsoleSettingsInput = { nats: '', redis: '', consul: '', registry: '' };

const SOURCE_TEXT = {
  flags: 'cluster flags or environment variables given at start (they always win over saved settings)',
  settings: 'the saved settings below',
  defaults: 'the defaults: the embedded sandbox',
} as const;

/** Read-only consoles show the settings but cannot save them. */
const selectReadOnly = (state: ConsoleState): boolean => state.info?.readOnly === true || state.overview?.readOnly === true;

/** The field a refusal names (`saveSettings: redis: …` or `field "nats" …`), to mark that input. */
export function fieldOfError(message: string): keyof ConsoleSettingsInput | null {
  const match = /^saveSettings: (nats|redis|consul|registry):/.exec(message) ?? /field "(nats|redis|consul|registry)"/.exec(message);
  return (match?.[1] as keyof ConsoleSettingsInput | undefined) ?? null;
}

/** Cluster settings saved in the user's config folder; the console's node joins that cluster at the next start. */
export function SettingsView() {
  const settings = useConsole((state) => state.settings);
  const status = useConsole((state) => state.settingsState);
  const loadError = useConsole((state) => state.settingsError);
  const saving = useConsole((state) => state.settingsSaving);
  const saveError = useConsole((state) => state.settingsSaveError);
  const savedAt = useConsole((state) => state.settingsSavedAt);
  const readOnly = useConsole(selectReadOnly);
  const loadSettings = useConsole((state) => state.loadSettings);
  const saveSettings = useConsole((state) => state.saveSettings);
  const [draft, setDraft] = useState<ConsoleSettingsInput>(EMPTY);

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const saved = settings?.saved;
  useEffect(() => {
    if (saved) setDraft(saved);
  }, [saved]);

  if (status === 'error' && loadError !== null && settings === null) {
    return <ErrorState title="Could not load the settings" error={loadError} onRetry={() => void loadSettings()} testId="settings-load-error" />;
  }
  if (settings === null) {
    return (
      <p className="loading" role="status">
        Loading settings…
      </p>
    );
  }

  const badField = saveError ? fieldOfError(saveError.message) : null;
  const edit = (field: keyof ConsoleSettingsInput) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!readOnly) void saveSettings(draft);
  };
  const textField = (field: 'nats' | 'redis' | 'consul', label: string, placeholder: string, hint: string) => (
    <div className="settings-field">
      <label htmlFor={`settings-${field}-input`}>{label}</label>
      <input
        id={`settings-${field}-input`}
        data-testid={`settings-${field}`}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        value={draft[field]}
        aria-invalid={badField === field ? true : undefined}
        aria-describedby={`settings-${field}-hint`}
        onChange={edit(field)}
      />
      <span id={`settings-${field}-hint`} className="muted">
        {hint}
      </span>
    </div>
  );

  return (
    <div className="settings">
      <h2>Settings</h2>
      <p>
        Cluster settings for the console’s own chat node. When the console starts without cluster flags (<code>--nats</code>, <code>--redis</code>,{' '}
        <code>--consul</code>, <code>--registry</code>) or their environment variables, its node joins this cluster instead of running the sandbox. Leave
        every field empty for the sandbox.
      </p>
      <p className="muted" data-testid="settings-file">
        Saved in <code>{settings.file}</code>
      </p>
      <p className="muted" data-testid="settings-source" data-source={settings.activeSource}>
        This console started with {SOURCE_TEXT[settings.activeSource]}.
      </p>
      {readOnly && (
        <p className="muted" data-testid="settings-read-only">
          This console runs with <code>--read-only</code>: the settings cannot be changed from here.
        </p>
      )}
      <form className="settings-form" onSubmit={submit} aria-label="Cluster settings" noValidate>
        <fieldset disabled={readOnly || saving}>
          {textField('nats', 'NATS servers', 'nats://127.0.0.1:4222', 'Comma-separated; needs Redis.')}
          {textField('redis', 'Redis', 'redis://127.0.0.1:6379', 'Presence and storage; needs NATS.')}
          {textField('consul', 'Consul', 'http://127.0.0.1:8500', 'Optional; implies the consul registry.')}
          <div className="settings-field">
            <label htmlFor="settings-registry-input">Registry</label>
            <select id="settings-registry-input" data-testid="settings-registry" value={draft.registry} aria-invalid={badField === 'registry' ? true : undefined} onChange={edit('registry')}>
              <option value="">Automatic (consul with Consul, else nats with NATS)</option>
              <option value="consul">consul</option>
              <option value="nats">nats (NATS KV bucket)</option>
              <option value="memory">memory (sandbox only)</option>
            </select>
          </div>
          <button type="submit" className="button button-primary" data-testid="settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </fieldset>
      </form>
      {saveError !== null && (
        <p className="inline-error" role="alert" data-testid="settings-error" data-code={saveError.code}>
          {saveError.message} <code>{saveError.code}</code>
        </p>
      )}
      <p className="muted" data-testid="settings-restart-note" data-pending={settings.appliesAfterRestart ? 'true' : 'false'}>
        {savedAt !== null && saveError === null ? 'Saved. ' : ''}Settings apply after restarting the console
        {settings.appliesAfterRestart ? ': the saved settings differ from the ones this console runs with.' : '.'}
      </p>
    </div>
  );
}
