/**
 * Where the failover lab keeps its files: `failover/scenarios.json` and `failover/reports/<id>.json|html`
 * in the console's config folder (next to settings.json). Writes are atomic (temp file + rename);
 * a corrupt scenarios file is reported and ignored, never fatal. Without a folder (tests, a host
 * that gives none) everything stays in memory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QaReport, ScenarioSpec } from '../../../contract/index.js';
import { validateScenario } from './scenarioSpec.js';
import { writeFileAtomic } from '../../common/atomicFile.js';

export const REPORT_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;

export class FailoverFolder {
  constructor(readonly root: string | null) {}

  get folder(): string | null {
    return this.root === null ? null : join(this.root, 'failover');
  }

  /** Saved scenarios; problems go to `warn` and the bad entries are skipped. */
  readScenarios(warn: (message: string) => void): ScenarioSpec[] {
    const file = this.scenariosFile();
    if (!file) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: ${(error as Error).message}; saved scenarios ignored`);
      return [];
    }
    if (!Array.isArray(parsed)) {
      warn(`${file}: must hold a JSON list of scenarios; ignored`);
      return [];
    }
    const scenarios: ScenarioSpec[] = [];
    for (const entry of parsed) {
      try {
        scenarios.push(validateScenario(file, entry));
      } catch (error) {
        warn((error as Error).message);
      }
    }
    return scenarios;
  }

  writeScenarios(scenarios: readonly ScenarioSpec[]): void {
    const file = this.scenariosFile();
    if (file) writeFileAtomic(file, JSON.stringify(scenarios, null, 2) + '\n');
  }

  writeReport(report: QaReport, html: string): void {
    const folder = this.reportsFolder();
    if (!folder) return;
    writeFileAtomic(join(folder, `${report.id}.json`), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(folder, `${report.id}.html`), html);
  }

  /** A saved report (the id is checked first: it becomes a file name). */
  readReport(id: string): QaReport | null {
    const folder = this.reportsFolder();
    if (!folder || !REPORT_ID.test(id)) return null;
    try {
      return JSON.parse(readFileSync(join(folder, `${id}.json`), 'utf8')) as QaReport;
    } catch {
      return null;
    }
  }

  /** Ids of saved reports, newest first. */
  listReports(): string[] {
    const folder = this.reportsFolder();
    if (!folder) return [];
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.json') && REPORT_ID.test(name.slice(0, -5)))
        .map((name) => name.slice(0, -5))
        .sort()
        .reverse();
    } catch {
      return [];
    }
  }

  private scenariosFile(): string | null {
    return this.folder === null ? null : join(this.folder, 'scenarios.json');
  }

  private reportsFolder(): string | null {
    return this.folder === null ? null : join(this.folder, 'reports');
  }
}

