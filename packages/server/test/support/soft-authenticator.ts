/**
 * A software WebAuthn authenticator (and the slice of the browser around it) for server tests.
 *
 * It plays both halves a server ever sees: the *client* (builds `clientDataJSON` with type,
 * challenge, origin, crossOrigin) and the *authenticator* (keeps ES256 key pairs per credential,
 * builds `authenticatorData`, a `none` attestation object, and signs assertions). Only node:crypto
 * and a tiny CBOR encoder (below) are used; the types are @simplewebauthn/server's JSON shapes
 * (type-only import, so nothing of the library runs here).
 *
 * It deliberately does NOT enforce the browser-side rules (rp id must be a registrable suffix of
 * the origin's host, secure context, UV "required" must be satisfiable): a test must be able to
 * hand the server a response from the wrong origin, for the wrong rp id, with an old challenge,
 * a counter that went backwards or without UV, and see the server refuse it. Every such knob is an
 * explicit option; with no knobs the responses are what a well-behaved browser + key would send.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  AuthenticatorAttachment,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

// ---------------------------------------------------------------------------------------------
// A tiny CBOR encoder (RFC 8949): exactly what an attestation object and a COSE key need.
// Maps keep insertion order; callers insert keys in CTAP2 canonical order (shorter first, then
// bytewise; for integer keys: 1, 3, -1, -2, -3).
// ---------------------------------------------------------------------------------------------

export type CborValue = number | string | boolean | null | Uint8Array | CborValue[] | Map<number | string, CborValue>;

function cborHead(major: number, length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`CBOR: bad length ${length}`);
  const m = major << 5;
  if (length < 24) return Buffer.from([m | length]);
  if (length < 0x100) return Buffer.from([m | 24, length]);
  if (length < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(length, 1);
    return b;
  }
  if (length < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(length), 1);
  return b;
}

export function cborEncode(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError('CBOR: only integers are supported');
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return Buffer.from([value ? 0xf5 : 0xf4]);
  if (value === null) return Buffer.from([0xf6]);
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cborEncode)]);
  if (value instanceof Map) {
    const parts: Buffer[] = [cborHead(5, value.size)];
    for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
    return Buffer.concat(parts);
  }
  throw new TypeError(`CBOR: unsupported value ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array): string => Buffer.from(data).toString('base64url');
const fromB64url = (s: string): Buffer => Buffer.from(s, 'base64url');

/** authenticatorData flag bits (WebAuthn §6.1). */
export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

/** COSE_Key of an ES256 (P-256) public key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
export function coseEs256PublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not a P-256 public key');
  return cborEncode(
    new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, fromB64url(jwk.x)],
      [-3, fromB64url(jwk.y)],
    ]),
  );
}

/** A WebAuthn-style DOMException for the cases a real client or authenticator refuses. */
export class SoftAuthenticatorError extends Error {
  constructor(
    override readonly name: 'NotAllowedError' | 'InvalidStateError' | 'NotSupportedError',
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// The authenticator
// ---------------------------------------------------------------------------------------------

/** What the soft authenticator keeps per credential (as a real one would, internally). */
export interface SoftCredential {
  /** base64url credential id, as the server sees it in `id` / `rawId`. */
  readonly id: string;
  readonly rpId: string;
  /** base64url `user.id` from the creation options (the future `userHandle`). */
  readonly userHandle: string;
  readonly userName: string;
  /** A resident key (passkey): may be used with an empty allowCredentials and returns userHandle. */
  readonly discoverable: boolean;
  readonly backupEligible: boolean;
  backedUp: boolean;
  /** The last signCount put in authenticatorData. */
  counter: number;
  /** 'increment': +1 per assertion (security keys). 'zero': always 0 (most synced passkeys). */
  readonly counterMode: 'increment' | 'zero';
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface SoftAuthenticatorInit {
  /** 16 bytes; default all zeroes (what `none` attestation usually reports). */
  aaguid?: Uint8Array | string;
  /** 'cross-platform' (a USB security key, default) or 'platform' (a built-in passkey provider). */
  attachment?: AuthenticatorAttachment;
  /** Transports reported at registration; default ['usb'] or, for platform, ['internal', 'hybrid']. */
  transports?: string[];
  /** Whether this authenticator can do user verification at all (PIN/biometrics). Default true. */
  supportsUserVerification?: boolean;
  /** Whether it can store discoverable credentials. Default true. */
  supportsResidentKeys?: boolean;
}

/** Client-side facts and test knobs shared by register() and authenticate(). */
interface CeremonyKnobs {
  /** The origin the "browser" is on, e.g. 'http://localhost:4000'. Put in clientDataJSON as-is. */
  origin: string;
  /** UV flag. Default: true when the authenticator supports UV and the options don't say 'discouraged'. */
  userVerified?: boolean;
  /** UP flag. Default true. */
  userPresent?: boolean;
  /** Knob: hash this rp id into authenticatorData instead of the options' one (wrong rp id). */
  rpId?: string;
  /** Knob: put this challenge in clientDataJSON instead of the options' one (replayed challenge). */
  challenge?: string;
  /** Knob: clientDataJSON.type (default 'webauthn.create' / 'webauthn.get'). */
  type?: string;
  /** clientDataJSON.crossOrigin (default false) and topOrigin (only emitted when crossOrigin). */
  crossOrigin?: boolean;
  topOrigin?: string;
}

export interface RegisterOptions extends CeremonyKnobs {
  /** BE flag. Default: true for 'platform' attachment, false for 'cross-platform'. */
  backupEligible?: boolean;
  /** BS flag. Default: same as backupEligible (a synced passkey is backed up at once). */
  backedUp?: boolean;
  /** Make a resident (discoverable) credential. Default: from authenticatorSelection.residentKey
   *  ('required' or 'preferred' → yes when supported; 'discouraged' → no). */
  residentKey?: boolean;
  /** Initial signCount in the attestation's authenticatorData. Default 0. */
  signCount?: number;
  counterMode?: 'increment' | 'zero';
  /** Credential id length in bytes (default 32). */
  credentialIdLength?: number;
  /** Knob: skip the excludeCredentials check (InvalidStateError), as a second key would. */
  ignoreExcludeCredentials?: boolean;
}

export interface AuthenticateOptions extends CeremonyKnobs {
  /** Use this credential (base64url id), even if not in allowCredentials (someone else's key). */
  credentialId?: string;
  /** Knob: the signCount to report (e.g. lower than before: a cloned key). Not stored. */
  counter?: number;
  /** Knob: override the userHandle (null: omit it; default: the credential's when discoverable). */
  userHandle?: string | null;
  /** BS flag for this assertion (default: the credential's current state). */
  backedUp?: boolean;
}

export class SoftAuthenticator {
  readonly aaguid: Buffer;
  readonly attachment: AuthenticatorAttachment;
  readonly transports: string[];
  readonly supportsUserVerification: boolean;
  readonly supportsResidentKeys: boolean;
  readonly #credentials = new Map<string, SoftCredential>();

  constructor(init: SoftAuthenticatorInit = {}) {
    const aaguid =
      typeof init.aaguid === 'string'
        ? Buffer.from(init.aaguid.replace(/-/g, ''), 'hex')
        : Buffer.from(init.aaguid ?? new Uint8Array(16));
    if (aaguid.length !== 16) throw new RangeError('aaguid must be 16 bytes');
    this.aaguid = aaguid;
    this.attachment = init.attachment ?? 'cross-platform';
    this.transports = init.transports ?? (this.attachment === 'platform' ? ['hybrid', 'internal'] : ['usb']);
    this.supportsUserVerification = init.supportsUserVerification ?? true;
    this.supportsResidentKeys = init.supportsResidentKeys ?? true;
  }

  /** A random AAGUID-shaped string, for tests that want a non-zero one. */
  static randomAaguid(): string {
    return randomUUID();
  }

  get credentials(): readonly SoftCredential[] {
    return [...this.#credentials.values()];
  }

  credential(id: string): SoftCredential | undefined {
    return this.#credentials.get(id);
  }

  /** navigator.credentials.create() + the authenticator's makeCredential, `none` attestation. */
  register(options: PublicKeyCredentialCreationOptionsJSON, knobs: RegisterOptions): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(knobs.origin).hostname;
    if (!options.pubKeyCredParams.some((p) => p.type === 'public-key' && p.alg === -7)) {
      throw new SoftAuthenticatorError('NotSupportedError', 'ES256 (-7) is not among pubKeyCredParams');
    }
    if (!knobs.ignoreExcludeCredentials) {
      const excluded = (options.excludeCredentials ?? []).find((c) => this.#credentials.get(c.id)?.rpId === rpId);
      if (excluded)
        throw new SoftAuthenticatorError('InvalidStateError', `credential ${excluded.id} is already registered here`);
    }

    const selection = options.authenticatorSelection ?? {};
    const rkWanted = selection.residentKey ?? (selection.requireResidentKey ? 'required' : 'discouraged');
    const discoverable = knobs.residentKey ?? (this.supportsResidentKeys && rkWanted !== 'discouraged');
    const userVerified =
      knobs.userVerified ?? (this.supportsUserVerification && selection.userVerification !== 'discouraged');
    const backupEligible = knobs.backupEligible ?? this.attachment === 'platform';
    const backedUp = knobs.backedUp ?? backupEligible;
    const signCount = knobs.signCount ?? 0;

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(knobs.credentialIdLength ?? 32);
    const id = b64url(credentialId);

    let flags = FLAGS.AT;
    if (knobs.userPresent ?? true) flags |= FLAGS.UP;
    if (userVerified) flags |= FLAGS.UV;
    if (backupEligible) flags |= FLAGS.BE;
    if (backedUp) flags |= FLAGS.BS;

    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      this.#authDataHead(knobs.rpId ?? rpId, flags, signCount),
      this.aaguid,
      idLength,
      credentialId,
      coseEs256PublicKey(publicKey),
    ]);

    const clientDataJSON = this.#clientData('webauthn.create', options.challenge, knobs);
    const attestationObject = cborEncode(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );

    this.#credentials.set(id, {
      id,
      rpId,
      userHandle: options.user.id,
      userName: options.user.name,
      discoverable,
      backupEligible,
      backedUp,
      counter: signCount,
      counterMode: knobs.counterMode ?? 'increment',
      privateKey,
      publicKey,
    });

    const clientExtensionResults: RegistrationResponseJSON['clientExtensionResults'] = {};
    if (options.extensions?.credProps) clientExtensionResults.credProps = { rk: discoverable };

    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: this.attachment,
      clientExtensionResults,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        authenticatorData: b64url(authData),
        transports: [...this.transports],
        publicKeyAlgorithm: -7,
        publicKey: b64url(publicKey.export({ format: 'der', type: 'spki' })),
      },
    };
  }

  /** navigator.credentials.get() + the authenticator's getAssertion. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, knobs: AuthenticateOptions): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(knobs.origin).hostname;
    const credential = this.#pick(options, rpId, knobs.credentialId);

    const userVerified =
      knobs.userVerified ?? (this.supportsUserVerification && options.userVerification !== 'discouraged');
    let signCount: number;
    if (knobs.counter !== undefined) {
      signCount = knobs.counter;
    } else if (credential.counterMode === 'zero') {
      signCount = 0;
    } else {
      credential.counter += 1;
      signCount = credential.counter;
    }

    let flags = 0;
    if (knobs.userPresent ?? true) flags |= FLAGS.UP;
    if (userVerified) flags |= FLAGS.UV;
    if (credential.backupEligible) flags |= FLAGS.BE;
    if (knobs.backedUp ?? credential.backedUp) flags |= FLAGS.BS;

    const authData = this.#authDataHead(knobs.rpId ?? rpId, flags, signCount);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, knobs);
    // ES256: ECDSA P-256 over SHA-256(authenticatorData || SHA-256(clientDataJSON)), ASN.1 DER.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), {
      key: credential.privateKey,
      dsaEncoding: 'der',
    });

    const userHandle =
      knobs.userHandle === undefined
        ? credential.discoverable
          ? credential.userHandle
          : undefined
        : (knobs.userHandle ?? undefined);

    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle === undefined ? {} : { userHandle }),
      },
    };
  }

  #pick(options: PublicKeyCredentialRequestOptionsJSON, rpId: string, forced: string | undefined): SoftCredential {
    if (forced !== undefined) {
      const c = this.#credentials.get(forced);
      if (!c) throw new SoftAuthenticatorError('NotAllowedError', `no credential ${forced} on this authenticator`);
      return c;
    }
    const allow = options.allowCredentials ?? [];
    const candidates =
      allow.length > 0
        ? allow
            .map((d) => this.#credentials.get(d.id))
            .filter((c): c is SoftCredential => c !== undefined && c.rpId === rpId)
        : this.credentials.filter((c) => c.discoverable && c.rpId === rpId);
    const chosen = candidates[0];
    if (!chosen) {
      throw new SoftAuthenticatorError(
        'NotAllowedError',
        allow.length > 0
          ? `none of the allowed credentials is on this authenticator for ${rpId}`
          : `no discoverable credential for ${rpId}`,
      );
    }
    return chosen;
  }

  #authDataHead(rpId: string, flags: number, signCount: number): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount >>> 0);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
  }

  #clientData(type: string, challenge: string, knobs: CeremonyKnobs): Buffer {
    const data: Record<string, unknown> = {
      type: knobs.type ?? type,
      challenge: knobs.challenge ?? challenge,
      origin: knobs.origin,
      crossOrigin: knobs.crossOrigin ?? false,
    };
    if (knobs.crossOrigin && knobs.topOrigin) data.topOrigin = knobs.topOrigin;
    return Buffer.from(JSON.stringify(data), 'utf8');
  }
}
