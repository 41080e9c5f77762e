/** The Electron executable's path, or null with the reason it is not available. */
export function findElectronBinary(): { path: string; reason?: undefined } | { path: null; reason: string };
