// Settings → Database integrity: the check runs integrity_check on the open file and says whether it is sound;
// a file damaged while the app runs is reported with the command that recovers it. English and Chinese.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { damageFile, fillStore, tmpHome } from '../store/helpers.js';
import { startApp, type App } from './harness.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function check(a: App): Promise<string> {
  const before = await a.page.locator('[data-testid="settings-dbcheck-result"]').textContent().catch(() => null);
  await a.page.click('[data-testid="settings-dbcheck"]');
  await a.page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="settings-dbcheck-result"]');
      const button = document.querySelector('[data-testid="settings-dbcheck"]') as HTMLButtonElement | null;
      return !!el && !button?.disabled && el.textContent !== prev;
    },
    before,
  );
  return (await a.page.locator('[data-testid="settings-dbcheck-result"]').textContent())!;
}

describe('Settings: database integrity', () => {
  for (const locale of ['en', 'zh'] as const) {
    it(`says the file is sound, then that it is damaged and how to recover it (${locale})`, async () => {
      const home = tmpHome();
      fillStore(home);
      const file = path.join(home, 'workbench.db');
      app = await startApp({ home, locale, viewport: { width: 1200, height: 800 } });
      await app.goto('settings');
      expect(await check(app)).toContain(locale === 'en' ? `${file} is sound.` : `${file} 完好。`);
      await app.shot(`settings-db-check-ok-${locale}`);
      damageFile(file);
      const damaged = await check(app);
      expect(damaged).toContain(locale === 'en' ? `${file} is damaged (` : `${file} 已损坏（`);
      expect(damaged).toContain(`mtl-workbench db recover --home "${home}"`);
      await app.shot(`settings-db-check-damaged-${locale}`);
      expect(app.errors).toEqual([]);
    });
  }
});
