export { default as TwoFactorPreferences } from './components/two-factor-preferences.gts';
export { initialize } from './instance-initializers/second-factor.ts';
