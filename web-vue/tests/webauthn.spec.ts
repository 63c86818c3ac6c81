import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import {
  authenticationToJSON,
  createPasskey,
  creationOptionsFromJSON,
  fromBase64Url,
  getPasskeyAssertion,
  isWebAuthnSupported,
  registrationToJSON,
  requestOptionsFromJSON,
  toBase64Url,
  webAuthnFailure,
  webAuthnMessageKey,
  withoutNulls,
} from '@/utils/webauthn'
import {
  alreadyRegistered,
  assertionJSON,
  bytes,
  cancelled,
  creationOptionsJSON,
  fakeAssertion,
  fakeRegistration,
  octets,
  registrationJSON,
  requestOptionsJSON,
  stubWebAuthn,
  unstubWebAuthn,
} from './webauthnHelpers'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  unstubWebAuthn()
})

const asCredential = (fake: object) => fake as unknown as PublicKeyCredential

describe('base64url', () => {
  it.each([
    [[], ''],
    [[0x66], 'Zg'],
    [[0x66, 0x6f], 'Zm8'],
    [[0x66, 0x6f, 0x6f], 'Zm9v'],
    [[0x66, 0x6f, 0x6f, 0x62], 'Zm9vYg'],
    [[0xfb, 0xff], '-_8'],
    [[0xff, 0xfe, 0xfd], '__79'],
    [[0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8b, 0x30, 0xd3, 0x8f, 0x41, 0x14, 0x93, 0x51, 0x55, 0x97, 0x61, 0x96, 0x9b, 0x71, 0xd7, 0x9f, 0x82, 0x18, 0xa3, 0x92, 0x59, 0xa7, 0xa2, 0x9a, 0xab, 0xb2, 0xdb, 0xaf, 0xc3, 0x1c, 0xb3, 0xd3, 0x5d, 0xb7, 0xe3, 0x9e, 0xbb, 0xf3, 0xdf, 0xbf], 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'],
  ])('encodes %j as %s, without padding, and back', (values, text) => {
    expect(toBase64Url(new Uint8Array(values))).toBe(text)
    expect(toBase64Url(new Uint8Array(values).buffer)).toBe(text)
    expect(octets(fromBase64Url(text))).toEqual(values)
  })

  it('round-trips every byte value and every length up to 70', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(octets(fromBase64Url(toBase64Url(all)))).toEqual([...all])
    for (let length = 0; length <= 70; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 37 + length) % 256)
      const text = toBase64Url(data)
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
      expect(octets(fromBase64Url(text))).toEqual([...data])
    }
  })

  it('round-trips a large buffer (encoded in slices)', () => {
    const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256)
    const back = new Uint8Array(fromBase64Url(toBase64Url(data)))
    expect(back.length).toBe(data.length)
    expect(back.every((value, i) => value === data[i])).toBe(true)
  })

  it('encodes only the viewed part of a typed array', () => {
    const whole = new Uint8Array([9, 9, 0x66, 0x6f, 0x6f, 9])
    expect(toBase64Url(whole.subarray(2, 4))).toBe('Zm8')
    expect(toBase64Url(new DataView(whole.buffer, 2, 3))).toBe('Zm9v')
  })

  it('accepts padding on the way in, and refuses what is not base64url', () => {
    expect(octets(fromBase64Url('Zm8='))).toEqual([0x66, 0x6f])
    expect(octets(fromBase64Url('Zg=='))).toEqual([0x66])
    for (const bad of ['Zm+v', 'Zm/v', 'Zm9v!', 'Z', 'Zm9vY', 'Zg===', ' Zg']) expect(() => fromBase64Url(bad)).toThrow(TypeError)
  })
})

describe('isWebAuthnSupported', () => {
  it('needs PublicKeyCredential and navigator.credentials with create and get', () => {
    expect(isWebAuthnSupported()).toBe(false)
    stubWebAuthn()
    expect(isWebAuthnSupported()).toBe(true)
    Object.defineProperty(navigator, 'credentials', { value: {}, configurable: true })
    expect(isWebAuthnSupported()).toBe(false)
  })

  it('needs a secure context', () => {
    stubWebAuthn()
    vi.stubGlobal('isSecureContext', false)
    expect(isWebAuthnSupported()).toBe(false)
    vi.stubGlobal('isSecureContext', true)
    expect(isWebAuthnSupported()).toBe(true)
  })
})

describe('options from JSON', () => {
  it('decodes the creation options itself when the browser has no parseCreationOptionsFromJSON', () => {
    stubWebAuthn()
    const options = creationOptionsFromJSON(creationOptionsJSON() as PublicKeyCredentialCreationOptionsJSON)
    expect(octets(options.challenge)).toEqual([0, 1, 2, 3, 4, 5])
    expect(octets(options.user.id)).toEqual([...new TextEncoder().encode('user-1')])
    expect(options.user.name).toBe('li.lei@example.com')
    expect(options.user.displayName).toBe('Li Lei')
    expect(options.excludeCredentials).toHaveLength(1)
    expect(octets(options.excludeCredentials![0]!.id)).toEqual([0xfb, 0xff])
    expect(options.excludeCredentials![0]!.transports).toEqual(['internal'])
    expect(options.excludeCredentials![0]!.type).toBe('public-key')
    // Everything else as it came.
    expect(options.rp).toEqual({ id: 'localhost', name: 'Jade' })
    expect(options.pubKeyCredParams).toEqual([
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ])
    expect(options.authenticatorSelection).toEqual({ residentKey: 'required', userVerification: 'required' })
    expect(options.attestation).toBe('none')
    expect(options.timeout).toBe(300000)
    expect(options.extensions).toEqual({ credProps: true })
  })

  it('works without PublicKeyCredential at all, and without excludeCredentials', () => {
    const json = creationOptionsJSON({ excludeCredentials: undefined }) as PublicKeyCredentialCreationOptionsJSON
    const options = creationOptionsFromJSON(json)
    expect(octets(options.challenge)).toEqual([0, 1, 2, 3, 4, 5])
    expect(options.excludeCredentials).toBeUndefined()
  })

  it('leaves out members the server wrote as null', () => {
    const json = creationOptionsJSON({ excludeCredentials: null, extensions: null, hints: null, attestation: null })
    const options = creationOptionsFromJSON(json as unknown as PublicKeyCredentialCreationOptionsJSON)
    // Absent (undefined), which WebIDL takes as "not given"; null would be a wrong value.
    for (const member of ['excludeCredentials', 'extensions', 'hints', 'attestation']) {
      expect((options as unknown as Record<string, unknown>)[member]).toBeUndefined()
    }
    expect(withoutNulls({ a: null, b: [{ c: null, d: 1 }], e: { f: null } })).toEqual({ b: [{ d: 1 }], e: {} })
  })

  it('hands the creation options to the browser’s parseCreationOptionsFromJSON when it has one', () => {
    const stub = stubWebAuthn({ parse: true })
    const json = creationOptionsJSON({ hints: null })
    const options = creationOptionsFromJSON(json as unknown as PublicKeyCredentialCreationOptionsJSON)
    expect(stub.parseCreationOptionsFromJSON).toHaveBeenCalledOnce()
    expect(stub.parseCreationOptionsFromJSON.mock.calls[0]![0]).toEqual(creationOptionsJSON())
    expect(options).toEqual({ parsedByBrowser: 'create', json: creationOptionsJSON() })
  })

  it('decodes the request options itself when the browser has no parseRequestOptionsFromJSON', () => {
    stubWebAuthn()
    const options = requestOptionsFromJSON(requestOptionsJSON() as PublicKeyCredentialRequestOptionsJSON)
    expect(octets(options.challenge)).toEqual([9, 8, 7, 6, 5, 4])
    expect(options.allowCredentials).toHaveLength(1)
    expect(octets(options.allowCredentials![0]!.id)).toEqual([1, 2, 3])
    expect(options.allowCredentials![0]!.transports).toEqual(['internal', 'hybrid'])
    expect(options.rpId).toBe('localhost')
    expect(options.userVerification).toBe('required')
    expect(options.timeout).toBe(300000)
  })

  it('hands the request options to the browser’s parseRequestOptionsFromJSON when it has one', () => {
    const stub = stubWebAuthn({ parse: true })
    const options = requestOptionsFromJSON(requestOptionsJSON({ extensions: null }) as unknown as PublicKeyCredentialRequestOptionsJSON)
    expect(stub.parseRequestOptionsFromJSON.mock.calls[0]![0]).toEqual(requestOptionsJSON())
    expect(options).toEqual({ parsedByBrowser: 'get', json: requestOptionsJSON() })
  })
})

describe('credentials to JSON', () => {
  it('serializes a new credential itself when it has no toJSON', () => {
    expect(registrationToJSON(asCredential(fakeRegistration()))).toEqual(registrationJSON)
    // Survives JSON as it is.
    expect(JSON.parse(JSON.stringify(registrationToJSON(asCredential(fakeRegistration()))))).toEqual(registrationJSON)
  })

  it('sends no transports when the browser cannot tell them, and no attachment when it is unknown', () => {
    const json = registrationToJSON(asCredential(fakeRegistration({ getTransports: false, authenticatorAttachment: null })))
    expect(json.response.transports).toEqual([])
    expect(JSON.parse(JSON.stringify(json))).not.toHaveProperty('authenticatorAttachment')
  })

  it('includes the Level 3 extras when the response offers them', () => {
    const fake = fakeRegistration()
    Object.assign(fake.response, {
      getAuthenticatorData: () => bytes(0x49, 0x96),
      getPublicKey: () => bytes(0x30, 0x59),
      getPublicKeyAlgorithm: () => -7,
    })
    expect(registrationToJSON(asCredential(fake)).response).toEqual({
      ...registrationJSON.response,
      authenticatorData: 'SZY',
      publicKey: 'MFk',
      publicKeyAlgorithm: -7,
    })
  })

  it('uses the browser’s own toJSON when there is one', () => {
    const own = { ...registrationJSON, response: { ...registrationJSON.response, publicKeyAlgorithm: -7 } }
    const toJSON = vi.fn(() => own)
    expect(registrationToJSON(asCredential(fakeRegistration({ toJSON })))).toBe(own)
    expect(toJSON).toHaveBeenCalledOnce()
  })

  it('serializes itself when toJSON throws or gives something else', () => {
    const throwing = () => {
      throw new TypeError('Illegal invocation')
    }
    expect(registrationToJSON(asCredential(fakeRegistration({ toJSON: throwing })))).toEqual(registrationJSON)
    expect(registrationToJSON(asCredential(fakeRegistration({ toJSON: () => ({ id: 'AQID' }) })))).toEqual(registrationJSON)
    expect(authenticationToJSON(asCredential(fakeAssertion({ toJSON: () => null })))).toEqual(assertionJSON)
  })

  it('serializes an assertion itself when it has no toJSON', () => {
    expect(authenticationToJSON(asCredential(fakeAssertion()))).toEqual(assertionJSON)
  })

  it('leaves out a missing user handle', () => {
    const json = JSON.parse(JSON.stringify(authenticationToJSON(asCredential(fakeAssertion({ userHandle: null })))))
    expect(json.response).toEqual({ clientDataJSON: 'e30', authenticatorData: 'SZY', signature: 'MEU' })
  })

  it('uses the browser’s own toJSON for an assertion when there is one', () => {
    const own = { ...assertionJSON, clientExtensionResults: { appid: false } }
    expect(authenticationToJSON(asCredential(fakeAssertion({ toJSON: () => own })))).toBe(own)
  })
})

describe('ceremonies', () => {
  it('creates a passkey with decoded options and the signal, and serializes the answer', async () => {
    const stub = stubWebAuthn()
    stub.create.mockResolvedValue(fakeRegistration())
    const signal = new AbortController().signal
    const json = await createPasskey(creationOptionsJSON() as PublicKeyCredentialCreationOptionsJSON, signal)
    expect(json).toEqual(registrationJSON)
    const [request] = stub.create.mock.calls[0]! as [CredentialCreationOptions]
    expect(request.signal).toBe(signal)
    expect(octets(request.publicKey!.challenge)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('gets an assertion with decoded options and serializes the answer', async () => {
    const stub = stubWebAuthn()
    stub.get.mockResolvedValue(fakeAssertion())
    const json = await getPasskeyAssertion(requestOptionsJSON() as PublicKeyCredentialRequestOptionsJSON)
    expect(json).toEqual(assertionJSON)
    const [request] = stub.get.mock.calls[0]! as [CredentialRequestOptions]
    expect(octets(request.publicKey!.challenge)).toEqual([9, 8, 7, 6, 5, 4])
    expect(octets(request.publicKey!.allowCredentials![0]!.id)).toEqual([1, 2, 3])
  })

  it('takes no credential as cancelled', async () => {
    const stub = stubWebAuthn()
    stub.create.mockResolvedValue(null)
    stub.get.mockResolvedValue(null)
    const created = createPasskey(creationOptionsJSON() as PublicKeyCredentialCreationOptionsJSON).catch((e: unknown) => e)
    const got = getPasskeyAssertion(requestOptionsJSON() as PublicKeyCredentialRequestOptionsJSON).catch((e: unknown) => e)
    expect(webAuthnFailure(await created, 'create')).toBe('cancelled')
    expect(webAuthnFailure(await got, 'get')).toBe('cancelled')
  })
})

describe('failures', () => {
  const named = (name: string) => Object.assign(new Error('look-alike'), { name })

  it('tells a cancelled prompt from an authenticator already registered', () => {
    expect(webAuthnFailure(cancelled(), 'create')).toBe('cancelled')
    expect(webAuthnFailure(cancelled(), 'get')).toBe('cancelled')
    expect(webAuthnFailure(alreadyRegistered(), 'create')).toBe('alreadyRegistered')
    expect(webAuthnFailure(alreadyRegistered(), 'get')).toBe('failed')
    expect(webAuthnFailure(new DOMException('stopped', 'AbortError'), 'create')).toBe('aborted')
    expect(webAuthnFailure(new DOMException('no', 'NotSupportedError'), 'get')).toBe('unsupported')
    expect(webAuthnFailure(new DOMException('origin', 'SecurityError'), 'create')).toBe('failed')
    expect(webAuthnFailure(new TypeError('bad options'), 'create')).toBe('failed')
    expect(webAuthnFailure('???', 'get')).toBe('failed')
    // Extensions standing in for navigator.credentials throw plain errors with the same names.
    expect(webAuthnFailure(named('NotAllowedError'), 'get')).toBe('cancelled')
    expect(webAuthnFailure(named('InvalidStateError'), 'create')).toBe('alreadyRegistered')
  })

  it('has a distinct message in both languages for each, and none for an abort', () => {
    expect(webAuthnMessageKey(new DOMException('stopped', 'AbortError'), 'get')).toBe('')
    const keys = [
      webAuthnMessageKey(cancelled(), 'create'),
      webAuthnMessageKey(alreadyRegistered(), 'create'),
      webAuthnMessageKey(new DOMException('no', 'NotSupportedError'), 'create'),
      webAuthnMessageKey(new Error('x'), 'create'),
      webAuthnMessageKey(cancelled(), 'get'),
      webAuthnMessageKey(new DOMException('no', 'NotSupportedError'), 'get'),
      webAuthnMessageKey(new Error('x'), 'get'),
    ]
    for (const locale of ['en', 'zh-CN'] as const) {
      const texts = keys.map((key) => {
        expect(i18n.global.te(key, locale)).toBe(true)
        return i18n.global.t(key, {}, { locale })
      })
      expect(new Set(texts).size).toBe(keys.length)
    }
    expect(i18n.global.t(keys[0]!, {}, { locale: 'en' })).toContain('cancelled')
    expect(i18n.global.t(keys[1]!, {}, { locale: 'en' })).toContain('already holds a passkey')
  })
})
