/**
 * SPLC `<ce:Auth>` header: Sign = lower-case hex HMAC-SHA256 over the UTF-8 bytes of
 * AppId + Timestamp + the request text from `<soap:Body` through `</soap:Body>` exactly as sent
 * (the shared SOAP signature scheme, adapters/shared/soap-auth.ts, with the court's names).
 */
import type { AuthResult, Credentials } from '../types';
import {
  checkSoapAuth,
  requireAppIdAndSecret,
  soapSign,
  verifySoapText,
  type SoapAuthCheck,
  type SoapAuthOptions,
  type SoapAuthScheme,
  type SoapRequestAuth,
} from '../shared/soap-auth';

/** Timestamps further than this from the receiver's clock are refused. */
export const AUTH_WINDOW_MS = 300_000;

export const COURT_AUTH: SoapAuthScheme = { header: 'Auth', appId: 'AppId', timestamp: 'Timestamp', sign: 'Sign', hash: 'sha256', windowMs: AUTH_WINDOW_MS };

export function courtSign(appId: string, timestamp: string, bodyText: string, secret: string): string {
  return soapSign(COURT_AUTH, appId, timestamp, bodyText, secret);
}

export function requireCourtCredentials(credentials: Credentials): { appId: string; secret: string } {
  return requireAppIdAndSecret(credentials, { en: 'court', zh: '法院' });
}

/** Where an Auth check failed: the envelope element at fault and why (English and Chinese). */
export type CourtAuthCheck = SoapAuthCheck;
/** What an answer's Auth is checked against: the request it answers, as the platform sent it. */
export type CourtRequestAuth = SoapRequestAuth;
export type CourtAuthOptions = SoapAuthOptions;

/**
 * Checks the Auth header of a SOAP request (or signed answer) per the SPLC specification, naming
 * the element at fault (see checkSoapAuth).
 */
export function checkCourtAuth(text: string, credentials: Credentials, now: number, options: CourtAuthOptions = {}): CourtAuthCheck {
  return checkSoapAuth(text, credentials, now, COURT_AUTH, options);
}

/** `checkCourtAuth` as the codecs' AuthResult (the reason only). */
export function verifyCourtText(text: string, credentials: Credentials, now: number): AuthResult {
  return verifySoapText(text, credentials, now, COURT_AUTH);
}
