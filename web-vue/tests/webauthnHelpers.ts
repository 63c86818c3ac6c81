import { vi, type Mock } from 'vitest'

/** Bytes as an ArrayBuffer. */
export function bytes(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer
}

/** The bytes of a buffer, for comparing. */
export const octets = (buffer: BufferSource | undefined): number[] =>
  buffer === undefined ? [] : [...new Uint8Array(buffer instanceof ArrayBuffer ? buffer : buffer.buffer)]

export interface WebAuthnStub {
  create: Mock
  get: Mock
  /** The browser's own parse functions, when stubbed with `parse: true`. */
  parseCreationOptionsFromJSON: Mock
  parseRequestOptionsFromJSON: Mock
}

/**
 * Makes this (happy-dom) window look like a browser with WebAuthn: a PublicKeyCredential (with the Level 3 parse
 * functions when `parse`) and navigator.credentials with `create` and `get` mocks. Undo with `unstubWebAuthn`
 * (PublicKeyCredential also goes with vi.unstubAllGlobals).
 */
export function stubWebAuthn(options: { parse?: boolean } = {}): WebAuthnStub {
  const parseCreationOptionsFromJSON = vi.fn((json: object) => ({ parsedByBrowser: 'create', json }))
  const parseRequestOptionsFromJSON = vi.fn((json: object) => ({ parsedByBrowser: 'get', json }))
  const FakePublicKeyCredential = options.parse
    ? class PublicKeyCredential {
        static parseCreationOptionsFromJSON = parseCreationOptionsFromJSON
        static parseRequestOptionsFromJSON = parseRequestOptionsFromJSON
      }
    : class PublicKeyCredential {}
  vi.stubGlobal('PublicKeyCredential', FakePublicKeyCredential)
  const credentials = { create: vi.fn(), get: vi.fn() }
  Object.defineProperty(navigator, 'credentials', { value: credentials, configurable: true })
  return { ...credentials, parseCreationOptionsFromJSON, parseRequestOptionsFromJSON }
}

export function unstubWebAuthn(): void {
  // The own property hides happy-dom's getter on the prototype; deleting it brings that back.
  delete (navigator as { credentials?: unknown }).credentials
}

export const cancelled = () => new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')
export const alreadyRegistered = () => new DOMException('The authenticator was previously registered.', 'InvalidStateError')

/** Registration options as the identity service sends them (JSON, binary members base64url). */
export const creationOptionsJSON = (extra: Record<string, unknown> = {}) => ({
  rp: { id: 'localhost', name: 'Jade' },
  user: { id: 'dXNlci0x', name: 'li.lei@example.com', displayName: 'Li Lei' }, // "user-1"
  challenge: 'AAECAwQF', // 0..5
  pubKeyCredParams: [
    { type: 'public-key', alg: -7 },
    { type: 'public-key', alg: -257 },
  ],
  timeout: 300000,
  excludeCredentials: [{ type: 'public-key', id: '-_8', transports: ['internal'] }], // fb ff
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  attestation: 'none',
  extensions: { credProps: true },
  ...extra,
})

/** Step-up options as the identity service sends them. */
export const requestOptionsJSON = (extra: Record<string, unknown> = {}) => ({
  challenge: 'CQgHBgUE', // 9..4
  timeout: 300000,
  rpId: 'localhost',
  allowCredentials: [{ type: 'public-key', id: 'AQID', transports: ['internal', 'hybrid'] }], // 1 2 3
  userVerification: 'required',
  ...extra,
})

type Extras = { toJSON?: () => unknown; getTransports?: boolean; authenticatorAttachment?: string | null }

/**
 * What navigator.credentials.create answers: credential id 01 02 03 ("AQID"), clientDataJSON 7b 7d ("e30"),
 * attestationObject a0 ("oA"), transports internal and hybrid. No toJSON unless given.
 */
export function fakeRegistration(extras: Extras = {}) {
  return {
    id: 'AQID',
    rawId: bytes(1, 2, 3),
    type: 'public-key',
    authenticatorAttachment: extras.authenticatorAttachment === undefined ? 'platform' : extras.authenticatorAttachment,
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
    response: {
      clientDataJSON: bytes(0x7b, 0x7d),
      attestationObject: bytes(0xa0),
      ...(extras.getTransports === false ? {} : { getTransports: () => ['internal', 'hybrid'] }),
    },
    ...(extras.toJSON ? { toJSON: extras.toJSON } : {}),
  }
}

/** The JSON form of fakeRegistration(), as the server is sent it. */
export const registrationJSON = {
  id: 'AQID',
  rawId: 'AQID',
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: { credProps: { rk: true } },
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['internal', 'hybrid'] },
}

/**
 * What navigator.credentials.get answers: credential id 01 02 03, clientDataJSON 7b 7d ("e30"), authenticatorData
 * 49 96 ("SZY"), signature 30 45 ("MEU"), userHandle "user-1" ("dXNlci0x").
 */
export function fakeAssertion(extras: { userHandle?: ArrayBuffer | null; toJSON?: () => unknown } = {}) {
  return {
    id: 'AQID',
    rawId: bytes(1, 2, 3),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    getClientExtensionResults: () => ({}),
    response: {
      clientDataJSON: bytes(0x7b, 0x7d),
      authenticatorData: bytes(0x49, 0x96),
      signature: bytes(0x30, 0x45),
      userHandle: extras.userHandle === undefined ? new TextEncoder().encode('user-1').buffer : extras.userHandle,
    },
    ...(extras.toJSON ? { toJSON: extras.toJSON } : {}),
  }
}

/** The JSON form of fakeAssertion(), as the server is sent it. */
export const assertionJSON = {
  id: 'AQID',
  rawId: 'AQID',
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'SZY', signature: 'MEU', userHandle: 'dXNlci0x' },
}
