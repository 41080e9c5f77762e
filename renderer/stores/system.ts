// System facts for the status bar and Settings: backend, device, data folder, transport.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SystemInfo } from '../../shared/api.js';
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

  return { info, error, loading, transport, load };
});
