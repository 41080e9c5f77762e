export default {
  label: 'Main navigation',
  designer: 'Designer',
  runs: 'Runs',
  compare: 'Compare',
  datasets: 'Datasets',
  settings: 'Settings',
};
