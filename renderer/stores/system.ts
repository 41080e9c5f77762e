// System facts for the status bar and Settings: backend, device, data folder, transport.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DatabaseCheck, SystemInfo } from '../../shared/api.js';
import { getBridge } from '../api.js';

export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfo | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  const transport = ref<'electron' | 'web'>('web');

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const bridge = getBridge();
      transport.value = bridge.transport;
      info.value = await bridge.api.getSystemInfo();
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  const dbCheck = ref<DatabaseCheck | null>(null);
  const dbChecking = ref(false);
  const dbCheckError = ref<string | null>(null);

  /** integrity_check of the database file, on demand (Settings). */
  async function checkDatabase(): Promise<void> {
    dbChecking.value = true;
    dbCheckError.value = null;
    try {
      dbCheck.value = await getBridge().api.checkDatabase();
    } catch (e) {
      dbCheck.value = null;
      dbCheckError.value = e instanceof Error ? e.message : String(e);
    } finally {
      dbChecking.value = false;
    }
  }

  return { info, error, loading, transport, load, dbCheck, dbChecking, dbCheckError, checkDatabase };
});
