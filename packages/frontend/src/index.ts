export { default as TwoFactorPreferences } from './components/two-factor-preferences.gts';
export { default as AuthenticatorSetupModal } from './components/authenticator-setup-modal.gts';
export type { AuthenticatorSetupModel } from './components/authenticator-setup-modal.gts';
export { default as ConfirmIdentityModal } from './components/confirm-identity-modal.gts';
export type { ConfirmIdentityModel } from './components/confirm-identity-modal.gts';
export { default as LoginSecondFactor } from './components/login-second-factor.gts';
export { initialize } from './instance-initializers/second-factor.ts';
