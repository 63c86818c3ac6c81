import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, RouterView } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { STORAGE_KEY } from '@/stores/locale'
import { SUPPORT_AGENT, useSessionStore } from '@/stores/session'
import type { SupportCustomer, SupportResetRequest } from '@/api/support'
import AppShell from '@/components/AppShell.vue'
import SupportView from '@/views/support/SupportView.vue'
import { formatDateTime } from '@/utils/format'
import { flush, jsonResponse, mockFetch, problem, problemOfType } from './helpers'
import { resetDom } from './mountHelpers'
import { serveFetch, type Reply } from './paymentHelpers'
import { mountRiskView, officer } from './riskHelpers'

const agent = { ...officer, sub: 'agent-1', email: 'agent@jade.example', name: 'Sam Support', roles: ['staff', SUPPORT_AGENT] }

const ID = '8f0c2a4e-5b1d-4c7a-9e3f-2d6b8a1c0e97'
const customer = (extra: Partial<SupportCustomer> = {}): SupportCustomer => ({
  id: ID,
  email: 'ann@example.com',
  maskedLegalName: '张*',
  kycStatus: 'verified',
  kycLevel: 2,
  kycUpgradeStatus: 'pending',
  twoFactorEnabled: true,
  passkeys: 1,
  lockedOutUntil: '2026-11-28T06:15:00+00:00',
  registeredAt: '2026-11-01T08:00:00+00:00',
  pendingReset: null,
  ...extra,
})
const created: SupportResetRequest = {
  id: 'req-1',
  customerId: ID,
  customerEmail: 'ann@example.com',
  maskedLegalName: '张*',
  requestedBy: 'agent@jade.example',
  requestedByMe: true,
  comment: 'Ticket 48213: called from the registered number',
  requestedAt: '2026-11-28T07:00:00+00:00',
  expiresAt: '2026-11-29T07:00:00+00:00',
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
  decisionComment: null,
}

const FIND = 'GET /api/identity/support/customers?email=ann%40example.com'
const REQUEST = `POST /api/identity/support/customers/${ID}/two-factor/reset-requests`
/** The queue of reset requests below the search, read when the page opens (and after a request is made). */
const QUEUE = 'GET /api/identity/support/two-factor-reset-requests'
const emptyQueue = () => jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 })

afterEach(resetDom)

async function mount(routes: Record<string, Reply[]>) {
  const fetchMock = serveFetch({ [QUEUE]: [emptyQueue], ...routes })
  const m = await mountRiskView(SupportView, '/admin/support', agent, [
    { path: '/admin/support', name: 'support', component: SupportView, meta: { titleKey: 'titles.support' } },
  ])
  const text = (testId: string) => m.q(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
  const field = (testId: string) => m.q<HTMLInputElement | HTMLTextAreaElement>(testId)!
  const search = async (email = ' ann@example.com ') => {
    await m.type('support-email', email)
    await m.click('support-search')
  }
  /** The calls about customers, leaving out the queue's. */
  const customerCalls = () => fetchMock.mock.calls.map(([url]) => url as string).filter((url) => !url.includes('two-factor-reset-requests'))
  return { ...m, fetchMock, text, field, search, customerCalls }
}

/** Found a customer whose two-step verification can be reset, with the form filled in. */
async function readyToReset(reply: Reply[]) {
  const m = await mount({ [FIND]: [jsonResponse(customer())], [REQUEST]: reply })
  await m.search()
  await m.type('support-national-id', ' 11010519491231002x ')
  await m.type('support-comment', '  Ticket 48213: called from the registered number  ')
  return m
}

const resetBody = (m: Awaited<ReturnType<typeof mount>>) => {
  const call = m.fetchMock.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'POST')
  return call && { url: call[0] as string, init: call[1] as RequestInit, body: JSON.parse(String((call[1] as RequestInit).body)) }
}

describe('SupportView: finding a customer', { timeout: 20_000 }, () => {
  it('starts empty, then shows the customer found by e-mail', async () => {
    i18n.global.locale.value = 'en'
    let answer: (r: Response) => void = () => {}
    const m = await mount({ [FIND]: [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response] })
    expect(document.querySelector('h1')?.textContent).toBe('Customer support')
    expect(m.text('support-empty')).toContain('Search by the e-mail address the customer signs in with.')
    const label = document.querySelector('label[for="support-email"]')
    expect(label?.textContent).toBe('Customer’s e-mail address')
    expect(m.field('support-email').id).toBe('support-email')
    expect(m.q('support-search-form')?.getAttribute('role')).toBe('search')

    await m.search()
    expect(m.q('support-search')?.classList.contains('is-loading')).toBe(true)
    expect(m.q('support-empty')).toBeNull()
    answer(jsonResponse(customer()))
    await flush()

    expect(m.customerCalls()).toEqual(['/api/identity/support/customers?email=ann%40example.com'])
    expect(m.q('support-search')?.classList.contains('is-loading')).toBe(false)
    expect(m.text('support-customer-email')).toBe('ann@example.com')
    expect(m.text('support-customer-name')).toBe('张*')
    expect(m.text('support-customer-kyc')).toBe('Verified')
    expect(m.text('support-customer-level')).toBe('Level 2')
    expect(m.text('support-customer-upgrade')).toBe('Under review')
    expect(m.text('support-customer-two-factor')).toBe('On')
    expect(m.text('support-customer-passkeys')).toBe('1')
    expect(m.text('support-customer-locked')).toBe(formatDateTime('2026-11-28T06:15:00+00:00', 'en'))
    expect(m.q('support-customer-locked')?.getAttribute('datetime')).toBe('2026-11-28T06:15:00+00:00')
    expect(m.text('support-customer-registered')).toBe(formatDateTime('2026-11-01T08:00:00+00:00', 'en'))
    expect(m.q('support-reset-form')).not.toBeNull()
    expect(m.q('support-pending-reset')).toBeNull()
    expect(m.q('support-queue')).not.toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('speaks Chinese, and says what the customer has not got', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mount({ [FIND]: [jsonResponse(customer({ maskedLegalName: null, kycStatus: 'none', kycLevel: 1, kycUpgradeStatus: 'none', twoFactorEnabled: false, passkeys: 0, lockedOutUntil: null }))] })
    expect(document.querySelector('h1')?.textContent).toBe('客户服务')
    await m.search()
    expect(m.text('support-customer-name')).toBe('未提供')
    expect(m.text('support-customer-kyc')).toBe('未认证')
    expect(m.text('support-customer-level')).toBe('等级 1')
    expect(m.text('support-customer-upgrade')).toBe('未申请')
    expect(m.text('support-customer-two-factor')).toBe('未开启')
    expect(m.text('support-customer-passkeys')).toBe('0')
    expect(m.text('support-customer-locked')).toBe('未锁定')
    expect(m.text('support-customer-registered')).toBe(formatDateTime('2026-11-01T08:00:00+00:00', 'zh-CN'))
    expect(m.text('support-two-factor-note')).toBe('该客户未开启两步验证，无需重置。')
    m.unmount()
  })

  it('says inline that no customer has the address (404)', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [FIND]: [problemOfType(404, 'customer-not-found', { title: 'Kein Kunde' })] })
    await m.search()
    expect(m.text('support-not-found')).toBe('No customer has the e-mail address ann@example.com.')
    expect(m.q('support-customer')).toBeNull()
    expect(m.q('support-error')).toBeNull()
    expect(m.q('support-empty')).toBeNull()
    m.unmount()
  })

  it('asks for an address before searching, shows the server’s word on it under the field, and other failures as an alert', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      'GET /api/identity/support/customers?email=ann': [
        jsonResponse({ title: 'Validation failed', status: 400, errors: { Email: ['Enter a valid e-mail address.'] } }, 400),
      ],
      [FIND]: [problem(503, { title: 'Identity unavailable' })],
    })
    await m.search('   ')
    expect(m.text('support-email-error')).toBe('Enter the customer’s e-mail address')
    expect(m.field('support-email').getAttribute('aria-invalid')).toBe('true')
    expect(m.field('support-email').getAttribute('aria-describedby')).toBe('support-email-error')
    expect(m.customerCalls()).toEqual([])

    await m.search('ann')
    expect(m.text('support-email-error')).toBe('Enter a valid e-mail address.')
    expect(m.q('support-error')).toBeNull()

    await m.search()
    expect(m.q('support-email-error')).toBeNull()
    expect(m.text('support-error')).toContain('Identity unavailable')
    expect(m.q('support-customer')).toBeNull()
    m.unmount()
  })
})

describe('SupportView: requesting a reset of two-step verification', { timeout: 20_000 }, () => {
  it('asks for both fields first, then for confirmation, and sends nothing until confirmed', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [FIND]: [jsonResponse(customer())] })
    await m.search()
    expect(document.querySelector('label[for="support-national-id"]')?.textContent).toContain('National ID number stated by the customer')
    expect(document.querySelector('label[for="support-comment"]')?.textContent).toContain('Comment')
    expect(m.field('support-national-id').getAttribute('autocomplete')).toBe('off')
    expect(m.q('support-reset-form')?.querySelector('.el-input__count')?.textContent).toContain('0 / 500')
    expect(m.q('support-reset-submit')?.classList.contains('el-button--danger')).toBe(true)

    await m.click('support-reset-submit')
    expect(m.text('support-national-id-error')).toBe('Enter the ID number the customer stated')
    expect(m.text('support-comment-error')).toBe('Write the ticket number and how you verified the caller')
    expect(document.activeElement?.id).toBe('support-national-id')

    await m.type('support-national-id', '11010519491231002X')
    await m.type('support-comment', 'ok  ')
    await m.click('support-reset-submit')
    expect(m.q('support-national-id-error')).toBeNull()
    expect(m.text('support-comment-error')).toBe('Write 5 to 500 characters')
    expect(m.q('support-reset-confirm-text')).toBeNull()

    await m.type('support-comment', 'Ticket 48213')
    await m.click('support-reset-submit')
    expect(m.text('support-reset-submit')).toBe('Request a reset of two-step verification')
    expect(m.text('support-reset-confirm-text')).toContain('You are asking for two-step verification of ann@example.com to be turned off.')
    expect(m.text('support-reset-confirm-text')).toContain('Nothing changes until another support agent approves the request')
    expect(m.text('support-reset-confirm')).toBe('Request reset')
    await m.click('support-reset-cancel')
    expect(m.customerCalls()).toHaveLength(1)
    m.unmount()
  })

  it('sends the ID number and comment after confirmation, busy meanwhile, then shows the request waiting for approval', async () => {
    i18n.global.locale.value = 'en'
    let answer: (r: Response) => void = () => {}
    const m = await readyToReset([() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response])
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')

    const sent = resetBody(m)!
    expect(sent.url).toBe(`/api/identity/support/customers/${ID}/two-factor/reset-requests`)
    expect(sent.body).toEqual({ nationalId: '11010519491231002X', comment: 'Ticket 48213: called from the registered number' })
    const headers = sent.init.headers as Record<string, string>
    // What every state-changing call through the BFF carries.
    expect(headers['X-CSRF']).toBe('1')
    expect(headers['Content-Type']).toBe('application/json')
    expect(sent.init.credentials).toBe('same-origin')

    expect(m.q('support-reset-submit')?.classList.contains('is-loading')).toBe(true)
    expect(m.field('support-national-id').disabled).toBe(true)
    expect(m.field('support-comment').disabled).toBe(true)

    answer(jsonResponse(created, 202))
    await flush()
    // Nothing has changed for the customer yet: a second agent must approve first.
    expect(m.text('support-customer-two-factor')).toBe('On')
    expect(m.q('support-reset-form')).toBeNull()
    expect(m.q('support-two-factor-note')).toBeNull()
    expect(m.text('support-pending-reset')).toContain(
      `You requested this reset on ${formatDateTime(created.requestedAt, 'en')}; it is waiting for another agent’s approval (expires ${formatDateTime(created.expiresAt, 'en')}).`,
    )
    expect(document.querySelector('.el-message')?.textContent).toContain('Reset requested. Another support agent must approve it within 24 hours.')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows the server’s field errors under their fields, each until that field is edited', async () => {
    i18n.global.locale.value = 'en'
    const m = await readyToReset([
      jsonResponse(
        {
          title: 'Validation failed',
          status: 400,
          errors: { nationalId: ['The ID number does not match the verified identity.'], comment: ['Must be 5 to 500 characters.'] },
        },
        400,
      ),
    ])
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.text('support-national-id-error')).toBe('The ID number does not match the verified identity.')
    expect(m.text('support-comment-error')).toBe('Must be 5 to 500 characters.')
    expect(m.field('support-national-id').getAttribute('aria-describedby')).toBe('support-national-id-error')
    expect(m.q('support-reset-error')).toBeNull()
    expect(m.field('support-national-id').disabled).toBe(false)
    expect(m.text('support-customer-two-factor')).toBe('On')

    await m.type('support-national-id', '110105194912310021')
    expect(m.q('support-national-id-error')).toBeNull()
    expect(m.text('support-comment-error')).toBe('Must be 5 to 500 characters.')
    m.unmount()
  })

  it.each([
    ['identity-not-verified', 'This customer has no verified identity to check the caller against, so support cannot reset two-step verification. The customer must sign in with a recovery code or a passkey.'],
    ['two-factor-not-enabled', 'Two-step verification is already off for this customer; nothing was changed. Search again to see the current state.'],
    ['reset-already-requested', 'A reset of two-step verification is already waiting for approval for this customer, so no second one was made. Find it under “Reset requests awaiting approval”.'],
  ])('explains a 409 %s in its own words', async (type, sentence) => {
    i18n.global.locale.value = 'en'
    const m = await readyToReset([problemOfType(409, type, { title: 'Konflikt', detail: 'Server-Text' })])
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.text('support-reset-error')).toBe(sentence)
    expect(m.q('support-reset-error')?.getAttribute('role')).toBe('alert')
    expect(m.q('support-reset-submit')?.classList.contains('is-loading')).toBe(false)
    m.unmount()
  })

  it('stops at the daily limit of failed identity checks and says to escalate', async () => {
    i18n.global.locale.value = 'en'
    const m = await readyToReset([problemOfType(429, 'identity-check-limit')])
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.text('support-reset-error')).toBe(
      'Three ID numbers stated for this customer in the last 24 hours did not match, so no reset is possible today. Escalate the call to the security team.',
    )
    m.unmount()
  })

  it('explains the 409 identity-not-verified in Chinese too', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await readyToReset([problemOfType(409, 'identity-not-verified')])
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.text('support-reset-error')).toBe('该客户没有已认证的身份可用于核对来电者，客服无法重置两步验证。客户须使用恢复码或通行密钥登录。')
    m.unmount()
  })

  it.each(['none', 'pending', 'in_review', 'rejected'] as const)('offers no reset when the identity is %s, and says why', async (kycStatus) => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [FIND]: [jsonResponse(customer({ kycStatus }))] })
    await m.search()
    expect(m.q('support-customer')).not.toBeNull()
    expect(m.q('support-reset-form')).toBeNull()
    expect(m.text('support-two-factor-note')).toContain('so support cannot reset two-step verification')
    m.unmount()
  })

  it('says there is nothing to reset when two-step verification is off', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [FIND]: [jsonResponse(customer({ twoFactorEnabled: false }))] })
    await m.search()
    expect(m.q('support-reset-form')).toBeNull()
    expect(m.text('support-two-factor-note')).toBe('Two-step verification is off for this customer: there is nothing to reset.')
    m.unmount()
  })

  it('starts each search with empty reset fields', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [FIND]: [jsonResponse(customer()), jsonResponse(customer())] })
    await m.search()
    await m.type('support-national-id', '11010519491231002X')
    await m.search()
    expect(m.field('support-national-id').value).toBe('')
    m.unmount()
  })
})

describe('support console guard and nav entry', { timeout: 20_000 }, () => {
  async function navigate(user: unknown, path: string) {
    mockFetch(jsonResponse(user))
    const pinia = createPinia()
    const router = createAppRouter(createMemoryHistory())
    const app = createApp({ render: () => h(RouterView) }).use(pinia).use(i18n).use(router)
    await router.push(path)
    return { router, app }
  }

  it('sends staff without the support_agent role to the "not authorised" page', async () => {
    const { router, app } = await navigate({ ...agent, roles: ['staff', 'risk_officer'] }, '/admin/support')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/admin/support')
    const el = document.createElement('div')
    app.mount(el)
    await flush()
    expect(el.querySelector('[data-testid="forbidden"]')).not.toBeNull()
    app.unmount()
  })

  it('lets a support agent in, and asks an anonymous visitor to sign in first', async () => {
    const allowed = await navigate(agent, '/admin/support')
    expect(allowed.router.currentRoute.value.name).toBe('support')
    expect(allowed.router.currentRoute.value.meta.requiresAuth).toBe(true)
    const anonymous = await navigate({ isAuthenticated: false }, '/admin/support')
    expect(anonymous.router.currentRoute.value.name).toBe('landing')
    expect(anonymous.router.currentRoute.value.query.returnUrl).toBe('/admin/support')
  })

  it('shows the nav entry only to support agents', async () => {
    async function shell(roles: string[]) {
      const pinia = createPinia()
      useSessionStore(pinia).user = { ...agent, roles }
      useSessionStore(pinia).loaded = true
      const el = document.createElement('div')
      document.body.appendChild(el)
      const app = createApp(AppShell).use(pinia).use(i18n).use(createAppRouter(createMemoryHistory()))
      app.mount(el)
      await flush()
      return { link: el.querySelector<HTMLAnchorElement>('[data-testid="nav-support"]'), unmount: () => (app.unmount(), el.remove()) }
    }
    // The shell's language switch applies the stored choice (zh-CN by default) when it starts.
    localStorage.setItem(STORAGE_KEY, 'en')
    try {
      const forAgent = await shell(['staff', SUPPORT_AGENT])
      expect(forAgent.link?.textContent).toBe('Customer support')
      expect(forAgent.link?.getAttribute('href')).toBe('/admin/support')
      forAgent.unmount()
    } finally {
      localStorage.removeItem(STORAGE_KEY)
    }
    const zh = await shell(['staff', SUPPORT_AGENT])
    expect(zh.link?.textContent).toBe('客户服务')
    zh.unmount()
    const forOtherStaff = await shell(['staff', 'risk_officer', 'payments_operator'])
    expect(forOtherStaff.link).toBeNull()
    forOtherStaff.unmount()
  })
})
