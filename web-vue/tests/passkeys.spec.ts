import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { i18n } from '@/i18n'
import PasskeysCard from '@/components/PasskeysCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import type { Passkey } from '@/api/types'
import { formatDate } from '@/utils/format'
import { jsonResponse, noContent, problem, problemOfType } from './helpers'
import { customerUser, mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'
import {
  alreadyRegistered,
  cancelled,
  creationOptionsJSON,
  fakeRegistration,
  octets,
  registrationJSON,
  stubWebAuthn,
  unstubWebAuthn,
} from './webauthnHelpers'

const LIST = 'GET /api/identity/passkeys'
const START = 'POST /api/identity/passkeys/registrations'
const ADD = 'POST /api/identity/passkeys'
const CEREMONY = '7d1c2b7e-8f0a-4c55-9d7e-3f1b2a4c5d6e'

const laptop: Passkey = { id: 'cred-laptop_1', name: 'Work laptop', createdAt: '2026-11-20T08:00:00Z', backedUp: false }
const phone: Passkey = { id: 'cred-phone-2', name: 'iPhone', createdAt: '2026-11-26T09:30:00Z', backedUp: true }

const list = (passkeys: Passkey[], limit = 10) => jsonResponse({ passkeys, limit })
const started = () => jsonResponse({ ceremonyId: CEREMONY, options: creationOptionsJSON(), expiresAt: '2026-11-27T08:05:00Z' })

afterEach(() => {
  resetDom()
  unstubWebAuthn()
})

const NAME_INPUT = 'passkey-name-input'
const PASSWORD_INPUT = 'passkey-add-password'
const PASSWORD = 'Jade-Test-2026'

async function mount(routes: Record<string, Reply[]>, component: Component = PasskeysCard) {
  // Dialogs are teleported to the body.
  const m = await mountWithFetch(component, routes, { scope: 'document', afterClick: 'settle', user: customerUser })
  const nameInput = () => m.input(NAME_INPUT)
  const typeName = (value: string) => m.type(NAME_INPUT, value)
  const nameError = () => m.itemError(NAME_INPUT)
  const passwordInput = () => m.input(PASSWORD_INPUT)
  const typePassword = (value: string) => m.type(PASSWORD_INPUT, value)
  const passwordError = () => m.itemError(PASSWORD_INPUT)
  /** The add form filled in as a customer would: a name, then the account password (needed again for every try). */
  const fillAdd = async (name: string, password = PASSWORD) => {
    await typeName(name)
    await typePassword(password)
  }
  const names = () => m.all('passkey-name').map((n) => n.textContent?.trim())
  const sent = (method: string, url: string) => m.requests().filter((r) => (r.init.method ?? 'GET') === method && r.url === url)
  const rowOf = (name: string) => m.all('passkey-row').find((row) => row.querySelector('[data-testid="passkey-name"]')?.textContent?.trim() === name)
  const inRow = (name: string, testId: string) => rowOf(name)?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  return { ...m, nameInput, typeName, nameError, passwordInput, typePassword, passwordError, fillAdd, names, sent, rowOf, inRow }
}

describe('PasskeysCard', { timeout: 20_000 }, () => {
  it('lists the passkeys, newest first, with when each was added and whether it is synced', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({ [LIST]: [list([phone, laptop])] })
    expect(m.q('passkeys-card')?.querySelector('h2')?.textContent).toBe('Passkeys')
    expect(m.text('passkeys-count')).toBe('2 of 10')
    expect(m.names()).toEqual(['iPhone', 'Work laptop'])
    expect(m.q('passkeys-empty')).toBeNull()

    const phoneRow = m.rowOf('iPhone')!
    const created = phoneRow.querySelector('time')!
    expect(created.getAttribute('datetime')).toBe(phone.createdAt)
    expect(created.textContent).toBe(formatDate(phone.createdAt, 'en'))
    expect(phoneRow.querySelector('[data-testid="passkey-synced"]')?.textContent?.trim()).toBe('Synced')
    expect(m.inRow('Work laptop', 'passkey-synced')).toBeNull()
    // The row's buttons say which passkey they act on.
    expect(m.inRow('Work laptop', 'passkey-rename')?.getAttribute('aria-label')).toBe('Rename the passkey “Work laptop”')
    expect(m.inRow('Work laptop', 'passkey-remove')?.getAttribute('aria-label')).toBe('Remove the passkey “Work laptop”')
    expect((m.q('passkey-add') as HTMLButtonElement).disabled).toBe(false)
    expect(m.q('passkeys-unsupported')).toBeNull()
    m.unmount()
  })

  it('explains what a passkey is when there is none yet', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({ [LIST]: [list([])] })
    const empty = m.text('passkeys-empty')
    expect(empty).toContain('fingerprint, face or device PIN instead of typing a password')
    expect(empty).toContain('reset your payment PIN')
    expect(m.all('passkey-row')).toHaveLength(0)
    expect(m.text('passkey-add')).toBe('Add a passkey')
    m.unmount()
  })

  it('shows a failed load with a retry', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({ [LIST]: [problem(503, { title: 'Identity unavailable' }), list([laptop])] })
    expect(m.q('passkeys-card')?.textContent).toContain('Identity unavailable')
    expect(m.q('passkey-add')).toBeNull()
    await m.click(m.q('passkeys-card')!.querySelector<HTMLElement>('.load-retry'))
    expect(m.names()).toEqual(['Work laptop'])
    m.unmount()
  })

  it('turns adding off, and says why, once the limit is reached', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const many = Array.from({ length: 3 }, (_, i) => ({ ...laptop, id: `cred-${i}`, name: `Key ${i}` }))
    const m = await mount({ [LIST]: [list(many, 3)] })
    expect(m.text('passkeys-count')).toBe('3 of 3')
    const add = m.q('passkey-add') as HTMLButtonElement
    expect(add.disabled).toBe(true)
    expect(m.text('passkeys-limit')).toBe('You have 3 passkeys, the most allowed. Remove one to add another.')
    expect(add.getAttribute('aria-describedby')).toBe(m.q('passkeys-limit')!.id)
    m.unmount()
  })

  it('explains a browser without WebAuthn and offers no add, but keeps rename and remove', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [LIST]: [list([laptop])] })
    expect(m.text('passkeys-unsupported')).toContain('This browser cannot create or use passkeys')
    expect(m.text('passkeys-unsupported')).toContain('The passkeys listed here can still be renamed or removed.')
    expect(m.q('passkey-add')).toBeNull()
    expect(m.q('passkey-name-input')).toBeNull()
    expect(m.inRow('Work laptop', 'passkey-rename')).not.toBeNull()
    expect(m.inRow('Work laptop', 'passkey-remove')).not.toBeNull()
    m.unmount()
  })

  it('adds a passkey: a name and the password typed here, the server’s options, the browser’s prompt, then the answer posted', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockResolvedValue(fakeRegistration())
    const added: Passkey = { id: 'AQID', name: 'Home desktop', createdAt: '2026-11-27T08:01:00Z', backedUp: true }
    const m = await mount({ [LIST]: [list([laptop])], [START]: [started()], [ADD]: [jsonResponse(added, 201)] })
    expect(m.q('passkey-name-input')).toBeNull()

    await m.click('passkey-add')
    const field = m.nameInput()
    expect(document.activeElement).toBe(field)
    expect(field.value).toBe('')
    expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Passkey name')
    expect(field.getAttribute('aria-required')).toBe('true')
    expect(field.maxLength).toBe(50)

    // Checked here first: required, at most 50 characters once trimmed.
    await m.click('passkey-save')
    expect(m.nameError()).toBe('Enter a name for the passkey')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(m.q('passkey-name-input')!.closest('.el-form-item')!.querySelector('.el-form-item__error')!.id)
    await m.typeName('   ')
    await m.click('passkey-save')
    expect(m.nameError()).toBe('Enter a name for the passkey')
    await m.typeName('x'.repeat(51))
    await m.click('passkey-save')
    expect(m.nameError()).toBe('The name can be at most 50 characters')
    expect(m.sent('POST', '/api/identity/passkeys/registrations')).toHaveLength(0)
    expect(webauthn.create).not.toHaveBeenCalled()

    await m.typeName(`  ${'y'.repeat(50)}  `)
    expect(m.nameError()).toBe('')
    await m.fillAdd('  Home desktop ')
    await m.click('passkey-save')

    const [start] = m.sent('POST', '/api/identity/passkeys/registrations')
    expect(start!.headers['X-CSRF']).toBe('1')
    expect(start!.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(start!.init.body as string)).toEqual({ password: PASSWORD })

    // The options as the browser takes them: base64url members decoded.
    expect(webauthn.create).toHaveBeenCalledOnce()
    const [request] = webauthn.create.mock.calls[0]! as [CredentialCreationOptions]
    expect(octets(request.publicKey!.challenge)).toEqual([0, 1, 2, 3, 4, 5])
    expect(octets(request.publicKey!.user.id)).toEqual([...new TextEncoder().encode('user-1')])
    expect(octets(request.publicKey!.excludeCredentials![0]!.id)).toEqual([0xfb, 0xff])
    expect(request.signal).toBeInstanceOf(AbortSignal)

    const [post] = m.sent('POST', '/api/identity/passkeys')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post!.init.body as string)).toEqual({ ceremonyId: CEREMONY, name: 'Home desktop', credential: registrationJSON })

    expect(m.names()).toEqual(['Home desktop', 'Work laptop'])
    expect(m.text('passkeys-count')).toBe('2 of 10')
    expect(m.q('passkey-name-input')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(document.querySelector('.el-message')?.textContent).toContain('Passkey “Home desktop” added')
    expect(document.activeElement).toBe(m.q('passkey-add'))
    expect(m.q('passkeys-error')).toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('uses the browser’s own conversions when it has them', async () => {
    const webauthn = stubWebAuthn({ parse: true })
    const own = { ...registrationJSON, response: { ...registrationJSON.response, publicKeyAlgorithm: -7 } }
    webauthn.create.mockResolvedValue(fakeRegistration({ toJSON: () => own }))
    const m = await mount({ [LIST]: [list([])], [START]: [started()], [ADD]: [jsonResponse({ ...laptop, id: 'AQID' }, 201)] })
    await m.click('passkey-add')
    await m.fillAdd('Work laptop')
    await m.click('passkey-save')
    expect(webauthn.parseCreationOptionsFromJSON).toHaveBeenCalledWith(creationOptionsJSON())
    expect((webauthn.create.mock.calls[0]![0] as { publicKey: unknown }).publicKey).toEqual({ parsedByBrowser: 'create', json: creationOptionsJSON() })
    expect(JSON.parse(m.sent('POST', '/api/identity/passkeys')[0]!.init.body as string).credential).toEqual(own)
    m.unmount()
  })

  it('says so when the customer cancels the browser’s prompt, and posts nothing', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockRejectedValueOnce(cancelled())
    const m = await mount({ [LIST]: [list([laptop])], [START]: [started()] })
    await m.click('passkey-add')
    await m.fillAdd('Home desktop')
    await m.click('passkey-save')
    const alert = m.q('passkeys-error')!
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toContain('Creating the passkey was cancelled or timed out. Nothing was saved')
    expect(m.sent('POST', '/api/identity/passkeys')).toHaveLength(0)
    expect(m.names()).toEqual(['Work laptop'])
    // The form stays, with the name, for another try; the password is typed again for it.
    expect(m.nameInput().value).toBe('Home desktop')
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect((m.q('passkey-save') as HTMLButtonElement).disabled).toBe(false)
    m.unmount()
  })

  it('tells an authenticator that is already registered apart from a cancel', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockRejectedValueOnce(alreadyRegistered())
    const m = await mount({
      [LIST]: [list([laptop])],
      [START]: [started(), started()],
      [ADD]: [problemOfType(409, 'passkey-exists', { title: 'Passkey already registered' })],
    })
    await m.click('passkey-add')
    await m.fillAdd('Home desktop')
    await m.click('passkey-save')
    expect(m.text('passkeys-error')).toBe('This device or password manager already holds a passkey for your Jade account.')
    expect(m.sent('POST', '/api/identity/passkeys')).toHaveLength(0)

    // The server's 409 for the same says the same.
    webauthn.create.mockResolvedValueOnce(fakeRegistration())
    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(m.sent('POST', '/api/identity/passkeys')).toHaveLength(1)
    expect(m.text('passkeys-error')).toBe('This device or password manager already holds a passkey for your Jade account.')
    m.unmount()
  })

  it('puts the server’s word on the name under the field, and on the ceremony above', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockResolvedValue(fakeRegistration())
    const m = await mount({
      [LIST]: [list([laptop])],
      [START]: [started(), started()],
      [ADD]: [
        problem(400, { errors: { Name: ['The name is already used by another passkey.'] } }),
        problem(400, { errors: { ceremonyId: ['This passkey request has expired. Start again.'] } }),
      ],
    })
    await m.click('passkey-add')
    await m.fillAdd('Work laptop')
    await m.click('passkey-save')
    expect(m.nameError()).toBe('The name is already used by another passkey.')
    expect(m.q('passkeys-error')).toBeNull()
    // The first field in error has the focus once the form is usable again.
    expect(document.activeElement).toBe(m.nameInput())
    // Editing the name drops the server's message.
    await m.typeName('Work laptop 2')
    expect(m.nameError()).toBe('')

    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(m.text('passkeys-error')).toBe('This passkey request has expired. Start again.')
    expect(m.nameError()).toBe('')
    m.unmount()
  })

  it('asks for the current password when adding (not when renaming), labelled and explained, and requires it here first', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    const m = await mount({ [LIST]: [list([laptop])] })
    await m.click('passkey-add')
    // The test id is on the <input> itself, as a browser test fills it; it comes after the name, before the button.
    const field = m.q(PASSWORD_INPUT)!
    expect(field).toBeInstanceOf(HTMLInputElement)
    expect(field).toBe(m.passwordInput())
    const order = [...m.el.querySelectorAll('[data-testid]')].map((node) => node.getAttribute('data-testid'))
    expect(order.filter((id) => [NAME_INPUT, PASSWORD_INPUT, 'passkey-save'].includes(id!))).toEqual([NAME_INPUT, PASSWORD_INPUT, 'passkey-save'])
    expect(m.passwordInput().type).toBe('password')
    expect(m.passwordInput().autocomplete).toBe('current-password')
    expect(m.passwordInput().getAttribute('aria-required')).toBe('true')
    expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Current password')
    const hint = document.getElementById(`${field.id}-hint`)!
    expect(hint.textContent).toBe('To add a way to sign in, confirm it is you with your password.')
    expect(field.getAttribute('aria-describedby')).toBe(hint.id)
    expect(field.getAttribute('aria-invalid')).toBe('false')

    // A name but no password: said under the field, which gets the focus, and nothing is sent.
    await m.typeName('Home desktop')
    await m.click('passkey-save')
    expect(m.passwordError()).toBe('Enter your current password')
    expect(m.nameError()).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    const error = field.closest('.el-form-item')!.querySelector('.el-form-item__error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(field.getAttribute('aria-describedby')?.split(' ')).toEqual([error.id, hint.id])
    expect(document.activeElement).toBe(field)
    // Neither field filled: the name, first on the form, gets the focus.
    await m.typeName('')
    await m.click('passkey-save')
    expect(document.activeElement).toBe(m.nameInput())
    expect(m.passwordError()).toBe('Enter your current password')
    expect(m.sent('POST', '/api/identity/passkeys/registrations')).toHaveLength(0)
    expect(webauthn.create).not.toHaveBeenCalled()
    // Typing it drops the message.
    await m.typePassword('x')
    expect(m.passwordError()).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('false')

    // Renaming asks for no password.
    await m.click(m.inRow('Work laptop', 'passkey-rename'))
    expect(m.q('passkey-rename-dialog')?.querySelector('input[type="password"]')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    m.unmount()
  })

  it('sends the password as exactly { password }, to the start of the registration only, and logs it nowhere', async () => {
    i18n.global.locale.value = 'en'
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level))
    const webauthn = stubWebAuthn()
    webauthn.create.mockResolvedValue(fakeRegistration())
    const added: Passkey = { id: 'AQID', name: 'Home desktop', createdAt: '2026-11-27T08:01:00Z', backedUp: true }
    const m = await mount({ [LIST]: [list([])], [START]: [started()], [ADD]: [jsonResponse(added, 201)] })
    await m.click('passkey-add')
    // Spaces are part of a password: sent as typed.
    await m.fillAdd('Home desktop', ` ${PASSWORD} `)
    await m.click('passkey-save')

    const [start] = m.sent('POST', '/api/identity/passkeys/registrations')
    expect(start!.url).toBe('/api/identity/passkeys/registrations')
    expect(JSON.parse(start!.init.body as string)).toStrictEqual({ password: ` ${PASSWORD} ` })
    expect(m.sent('POST', '/api/identity/passkeys/registrations')).toHaveLength(1)
    const elsewhere = m.requests().filter((r) => r.url !== start!.url)
    expect(elsewhere.length).toBeGreaterThan(0)
    for (const other of elsewhere) expect(`${other.url} ${String(other.init.body ?? '')}`).not.toContain(PASSWORD)
    expect(m.names()).toEqual(['Home desktop'])
    for (const spy of logged) expect(JSON.stringify(spy.mock.calls)).not.toContain(PASSWORD)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows a wrong password (400) under the password field, emptied, and prompts for nothing', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockResolvedValue(fakeRegistration())
    const m = await mount({
      [LIST]: [list([laptop])],
      [START]: [
        problem(400, { title: 'One or more validation errors occurred.', errors: { Password: ['The current password is not correct.'] } }),
        started(),
      ],
      [ADD]: [jsonResponse({ ...phone, id: 'AQID' }, 201)],
    })
    await m.click('passkey-add')
    await m.fillAdd('iPhone', 'not-my-password')
    await m.click('passkey-save')

    expect(JSON.parse(m.sent('POST', '/api/identity/passkeys/registrations')[0]!.init.body as string)).toEqual({ password: 'not-my-password' })
    expect(webauthn.create).not.toHaveBeenCalled()
    expect(m.sent('POST', '/api/identity/passkeys')).toHaveLength(0)
    const field = m.passwordInput()
    expect(m.passwordError()).toBe('The current password is not correct.')
    expect(field.value).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(field.closest('.el-form-item')!.querySelector('.el-form-item__error')!.id)
    expect(document.activeElement).toBe(field)
    expect(m.nameError()).toBe('')
    expect(m.nameInput().value).toBe('iPhone')
    expect(m.q('passkeys-error')).toBeNull()
    expect(m.names()).toEqual(['Work laptop'])

    // Typed again: the server's message goes, and the right one goes through.
    await m.typePassword(PASSWORD)
    expect(m.passwordError()).toBe('')
    await m.click('passkey-save')
    expect(JSON.parse(m.sent('POST', '/api/identity/passkeys/registrations')[1]!.init.body as string)).toEqual({ password: PASSWORD })
    expect(m.names()).toEqual(['iPhone', 'Work laptop'])
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows a locked account (423) above the form with the server’s sentence, or its own when there is none', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    const m = await mount({
      [LIST]: [list([laptop])],
      [START]: [
        problemOfType(423, 'locked-out', { title: 'Locked out', detail: 'Your account is locked. Try again in 15 minutes.' }),
        problemOfType(423, 'locked-out', { title: 'Locked out' }),
      ],
    })
    await m.click('passkey-add')
    await m.fillAdd('iPhone')
    await m.click('passkey-save')
    const alert = m.q('passkeys-error')!
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent?.trim()).toBe('Your account is locked. Try again in 15 minutes.')
    expect(webauthn.create).not.toHaveBeenCalled()
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect((m.q('passkey-save') as HTMLButtonElement).disabled).toBe(false)

    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(m.text('passkeys-error')).toBe('Your account is locked for now after too many wrong passwords. Try again later.')
    expect(m.passwordInput().value).toBe('')
    m.unmount()
  })

  it('empties the password after every try, whatever went wrong, and when the form closes', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.create.mockRejectedValueOnce(cancelled())
    const m = await mount({
      [LIST]: [list([laptop])],
      [START]: [problem(503, { title: 'Identity unavailable' }), started(), problem(400, { errors: { password: ['Required'] } })],
    })
    await m.click('passkey-add')
    await m.fillAdd('iPhone')
    await m.click('passkey-save')
    expect(m.text('passkeys-error')).toBe('Identity unavailable')
    expect(m.passwordInput().value).toBe('')
    // Empty, but not yet "required" until the customer tries again.
    expect(m.passwordError()).toBe('')

    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(webauthn.create).toHaveBeenCalledOnce()
    expect(m.text('passkeys-error')).toContain('Creating the passkey was cancelled or timed out')
    expect(m.passwordInput().value).toBe('')

    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(m.passwordError()).toBe('Required')
    expect(m.passwordInput().value).toBe('')

    await m.typePassword(PASSWORD)
    await m.click('passkey-name-cancel')
    await m.click('passkey-add')
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect(m.sent('POST', '/api/identity/passkeys/registrations')).toHaveLength(3)
    m.unmount()
  })

  it('reads the list again when the limit was reached meanwhile', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    const m = await mount({
      [LIST]: [list([laptop], 2), list([phone, laptop], 2)],
      [START]: [problemOfType(409, 'passkey-limit', { title: 'Passkey limit reached' })],
    })
    await m.click('passkey-add')
    await m.fillAdd('Home desktop')
    await m.click('passkey-save')
    expect(webauthn.create).not.toHaveBeenCalled()
    expect(m.names()).toEqual(['iPhone', 'Work laptop'])
    expect((m.q('passkey-add') as HTMLButtonElement).disabled).toBe(true)
    expect(m.text('passkeys-limit')).toBe('You have 2 passkeys, the most allowed. Remove one to add another.')
    m.unmount()
  })

  it('shows the buttons busy while the browser’s prompt is open', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    let answer: (value: unknown) => void = () => {}
    webauthn.create.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const m = await mount({ [LIST]: [list([laptop])], [START]: [started()], [ADD]: [jsonResponse({ ...phone, id: 'AQID' }, 201)] })
    await m.click('passkey-add')
    await m.fillAdd('iPhone')
    await m.click('passkey-save')
    expect(m.q('passkey-save')?.classList.contains('is-loading')).toBe(true)
    // Both fields are off while it runs, the password already emptied.
    expect(m.nameInput().disabled).toBe(true)
    expect(m.passwordInput().disabled).toBe(true)
    expect(m.passwordInput().value).toBe('')
    expect(m.text('passkeys-status')).toBe('Follow your browser’s prompt to create the passkey.')
    expect((m.inRow('Work laptop', 'passkey-remove') as HTMLButtonElement).disabled).toBe(true)
    expect((m.q('passkey-name-cancel') as HTMLButtonElement).disabled).toBe(true)
    answer(fakeRegistration())
    await m.settle()
    expect(m.names()).toEqual(['iPhone', 'Work laptop'])
    expect((m.inRow('Work laptop', 'passkey-remove') as HTMLButtonElement).disabled).toBe(false)
    m.unmount()
  })

  it('cancelling the add form forgets the name and returns to the button', async () => {
    stubWebAuthn()
    const m = await mount({ [LIST]: [list([])] })
    await m.click('passkey-add')
    await m.fillAdd('Half typed')
    await m.click('passkey-name-cancel')
    expect(m.q('passkey-name-input')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(document.activeElement).toBe(m.q('passkey-add'))
    await m.click('passkey-add')
    expect(m.nameInput().value).toBe('')
    expect(m.passwordInput().value).toBe('')
    expect(m.sent('POST', '/api/identity/passkeys/registrations')).toHaveLength(0)
    m.unmount()
  })

  it('renames a passkey in a dialog, checked here first', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const renamed = { ...laptop, name: 'Old laptop' }
    const m = await mount({ [LIST]: [list([phone, laptop])], 'PUT /api/identity/passkeys/cred-laptop_1/name': [jsonResponse(renamed)] })
    await m.click(m.inRow('Work laptop', 'passkey-rename'))
    const dialog = m.q('passkey-name-input')!.closest('.el-dialog')!
    expect(dialog.textContent).toContain('Rename passkey')
    expect(m.nameInput().value).toBe('Work laptop')
    expect(m.all('passkey-name-input')).toHaveLength(1)

    await m.typeName('')
    await m.click('passkey-save')
    expect(m.nameError()).toBe('Enter a name for the passkey')
    await m.typeName(' Old laptop ')
    await m.click('passkey-save')
    const [put] = m.sent('PUT', '/api/identity/passkeys/cred-laptop_1/name')
    expect(put!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(put!.init.body as string)).toEqual({ name: 'Old laptop' })
    expect(m.names()).toEqual(['iPhone', 'Old laptop'])
    expect(m.q('passkey-name-input')).toBeNull()
    expect(document.querySelector('.el-message')?.textContent).toContain('Passkey renamed to “Old laptop”')
    m.unmount()
  })

  it('says so when the passkey to rename is not the customer’s (404), and reads the list again', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({
      [LIST]: [list([phone, laptop]), list([phone])],
      'PUT /api/identity/passkeys/cred-laptop_1/name': [problem(404, { title: 'Not Found' })],
    })
    await m.click(m.inRow('Work laptop', 'passkey-rename'))
    await m.typeName('Old laptop')
    await m.click('passkey-save')
    const alert = m.q('passkey-rename-error')!
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toContain('This passkey is not on your account')
    expect(m.names()).toEqual(['iPhone'])
    m.unmount()
  })

  it('removes a passkey only after confirmation, with DELETE', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({ [LIST]: [list([phone, laptop])], 'DELETE /api/identity/passkeys/cred-laptop_1': [noContent()] })
    await m.click(m.inRow('Work laptop', 'passkey-remove'))
    expect(m.text('passkey-remove-text')).toContain('Remove the passkey “Work laptop”?')
    expect(document.activeElement).toBe(m.q('passkey-remove-cancel'))
    await m.click('passkey-remove-cancel')
    expect(m.q('passkey-remove-confirm')).toBeNull()
    expect(m.sent('DELETE', '/api/identity/passkeys/cred-laptop_1')).toHaveLength(0)

    await m.click(m.inRow('Work laptop', 'passkey-remove'))
    await m.click('passkey-remove-confirm')
    const [del] = m.sent('DELETE', '/api/identity/passkeys/cred-laptop_1')
    expect(del!.headers['X-CSRF']).toBe('1')
    expect(m.names()).toEqual(['iPhone'])
    expect(m.q('passkey-remove-confirm')).toBeNull()
    expect(document.querySelector('.el-message')?.textContent).toContain('Passkey “Work laptop” removed')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows a 404 to a removal as an error in the dialog, and reads the list again', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({
      [LIST]: [list([phone, laptop]), list([phone])],
      'DELETE /api/identity/passkeys/cred-laptop_1': [problem(404, { title: 'Not Found' })],
    })
    await m.click(m.inRow('Work laptop', 'passkey-remove'))
    await m.click('passkey-remove-confirm')
    const alert = m.q('passkey-remove-error')!
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toContain('This passkey is not on your account')
    expect(m.names()).toEqual(['iPhone'])
    m.unmount()
  })

  it('shows the last passkey going as the empty state', async () => {
    stubWebAuthn()
    const m = await mount({ [LIST]: [list([laptop])], 'DELETE /api/identity/passkeys/cred-laptop_1': [noContent()] })
    await m.click('passkey-remove')
    await m.click('passkey-remove-confirm')
    expect(m.all('passkey-row')).toHaveLength(0)
    expect(m.q('passkeys-empty')).not.toBeNull()
    m.unmount()
  })

  it('speaks Chinese', async () => {
    i18n.global.locale.value = 'zh-CN'
    const webauthn = stubWebAuthn()
    webauthn.create.mockRejectedValueOnce(cancelled())
    const m = await mount({ [LIST]: [list([phone])], [START]: [started()] })
    expect(m.q('passkeys-card')?.querySelector('h2')?.textContent).toBe('通行密钥')
    expect(m.text('passkey-synced')).toBe('已同步')
    expect(m.text('passkey-add')).toBe('添加通行密钥')
    await m.click('passkey-add')
    expect(m.el.querySelector(`label[for="${m.passwordInput().id}"]`)?.textContent).toBe('当前密码')
    expect(document.getElementById(`${m.passwordInput().id}-hint`)?.textContent).toBe('添加新的登录方式前，请输入账户密码，确认是您本人操作。')
    await m.click('passkey-save')
    expect(m.nameError()).toBe('请输入通行密钥名称')
    await m.typeName('我的手机')
    await m.click('passkey-save')
    expect(m.passwordError()).toBe('请输入当前密码')
    await m.typePassword(PASSWORD)
    await m.click('passkey-save')
    expect(m.text('passkeys-error')).toContain('已取消创建通行密钥')
    m.unmount()
  })

  it('is on the Security page, after two-factor authentication', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount(
      {
        [LIST]: [list([])],
        'GET /api/identity/2fa': [jsonResponse({ enabled: false, recoveryCodesLeft: 0, pendingSupportReset: null })],
        'GET /api/payments/pin': [jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })],
        'GET /api/identity/security-activity': [jsonResponse({ items: [], page: 1, pageSize: 10, total: 0 })],
      },
      SecurityView,
    )
    const order = ['two-factor', 'passkeys-card', 'change-password', 'pin-card', 'security-activity-card']
    const cards = [...m.el.querySelectorAll('[data-testid]')]
      .map((node) => node.getAttribute('data-testid'))
      .filter((id) => order.includes(id!))
    expect(cards).toEqual(order)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})
