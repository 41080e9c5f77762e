export default {
  label: 'Main navigation',
  designer: 'Designer',
  runs: 'Runs',
  sweeps: 'Sweeps',
  compare: 'Compare',
  datasets: 'Datasets',
  settings: 'Settings',
};
