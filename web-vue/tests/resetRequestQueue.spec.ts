import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { i18n } from '@/i18n'
import { SUPPORT_AGENT } from '@/stores/session'
import type { SupportCustomer, SupportResetRequest } from '@/api/support'
import ResetRequestQueue from '@/components/support/ResetRequestQueue.vue'
import SupportView from '@/views/support/SupportView.vue'
import { formatDateTime } from '@/utils/format'
import { jsonResponse, problem, problemOfType } from './helpers'
import { mountWithFetch, resetDom } from './mountHelpers'
import { serveFetch, type Reply } from './paymentHelpers'
import { mountRiskView, officer } from './riskHelpers'

const agent = { ...officer, sub: 'agent-1', email: 'agent@jade.example', name: 'Sam Support', roles: ['staff', SUPPORT_AGENT] }

const CUSTOMER_ID = '8f0c2a4e-5b1d-4c7a-9e3f-2d6b8a1c0e97'
const request = (extra: Partial<SupportResetRequest> = {}): SupportResetRequest => ({
  id: 'req-1',
  customerId: CUSTOMER_ID,
  customerEmail: 'ann@example.com',
  maskedLegalName: '张*',
  requestedBy: 'lee@jade.example',
  requestedByMe: false,
  comment: 'Ticket 48213: called from the registered number',
  requestedAt: '2026-11-28T06:15:00+00:00',
  expiresAt: '2026-11-29T06:15:00+00:00',
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
  decisionComment: null,
  ...extra,
})
const customer = (extra: Partial<SupportCustomer> = {}): SupportCustomer => ({
  id: CUSTOMER_ID,
  email: 'ann@example.com',
  maskedLegalName: '张*',
  kycStatus: 'verified',
  kycLevel: 2,
  kycUpgradeStatus: 'none',
  twoFactorEnabled: true,
  passkeys: 0,
  lockedOutUntil: null,
  registeredAt: '2026-11-01T08:00:00+00:00',
  pendingReset: null,
  ...extra,
})

const LIST = '/api/identity/support/two-factor-reset-requests'
const query = (status: string, page = 1) => `GET ${LIST}?status=${status}&page=${page}&pageSize=20`
const PENDING = query('pending')
const APPROVE = `POST ${LIST}/req-1/approve`
const REJECT = `POST ${LIST}/req-1/reject`
const FIND = 'GET /api/identity/support/customers?email=ann%40example.com'
const REQUEST = `POST /api/identity/support/customers/${CUSTOMER_ID}/two-factor/reset-requests`

const page = (items: SupportResetRequest[], total = items.length, number = 1) =>
  jsonResponse({ items, page: number, pageSize: 20, total })

afterEach(resetDom)

/** The queue on its own, its `decided` events recorded; dialogs are teleported, so the queries look in the whole document. */
async function mountQueue(routes: Record<string, Reply[]>) {
  const decided = vi.fn()
  const Host = defineComponent({ render: () => h(ResetRequestQueue, { onDecided: decided }) })
  const m = await mountWithFetch(Host, routes, { scope: 'document' })
  /** Each cell `testId`, as the texts of its lines (the elements in it). */
  const lines = (testId: string) =>
    m.all(testId).map((cell) => [...cell.children].map((line) => line.textContent?.replace(/\s+/g, ' ').trim()))
  const message = () => document.querySelector('.el-message')?.textContent?.trim() ?? ''
  const posts = () => m.requests().filter((r) => r.init.method === 'POST')
  const body = (call = 0) => JSON.parse(String(posts()[call]!.init.body))
  const typeComment = async (value: string) => {
    const field = m.q('support-decision-comment') as HTMLTextAreaElement
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    await m.settle()
  }
  const click = async (testId: string | HTMLElement) => m.click(testId).then(m.settle)
  /** Whether the decision dialog is on screen (once closed, it stays in the DOM, hidden). */
  const dialogOpen = () => (m.q('support-decision-text')?.closest<HTMLElement>('.el-overlay')?.style.display ?? 'none') !== 'none'
  return { ...m, decided, lines, message, posts, body, typeComment, click, dialogOpen }
}

describe('ResetRequestQueue: the list', { timeout: 20_000 }, () => {
  it('lists the pending requests with who asked, when, why and until when', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({
      [PENDING]: [page([request(), request({ id: 'req-2', customerEmail: 'bo@example.com', maskedLegalName: null, requestedByMe: true })])],
    })
    expect(m.q('support-queue')?.querySelector('h2')?.textContent).toBe('Reset requests awaiting approval')
    expect(m.urls()).toEqual([`${LIST}?status=pending&page=1&pageSize=20`])
    const rows = m.all('support-queue-row')
    expect(rows.map((r) => r.dataset.requestId)).toEqual(['req-1', 'req-2'])
    expect(m.lines('support-queue-customer')).toEqual([
      ['ann@example.com', '张*'],
      ['bo@example.com', 'Not provided'],
    ])
    expect(m.lines('support-queue-requested')).toEqual([
      ['lee@jade.example', formatDateTime('2026-11-28T06:15:00+00:00', 'en')],
      ['lee@jade.example You', formatDateTime('2026-11-28T06:15:00+00:00', 'en')],
    ])
    expect(m.texts('support-queue-comment')[0]).toBe('Ticket 48213: called from the registered number')
    expect(m.texts('support-queue-expires')[0]).toBe(formatDateTime('2026-11-29T06:15:00+00:00', 'en'))
    expect(m.q('support-queue-expires')?.getAttribute('datetime')).toBe('2026-11-29T06:15:00+00:00')
    expect(m.texts('support-queue-row-status')).toEqual(['Pending', 'Pending'])
    expect(m.texts('support-approve')).toEqual(['Approve', 'Approve'])
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('speaks Chinese', async () => {
    const m = await mountQueue({ [PENDING]: [page([request()])] })
    expect(m.q('support-queue')?.querySelector('h2')?.textContent).toBe('待审批的重置申请')
    expect(m.texts('support-queue-row-status')).toEqual(['待审批'])
    expect(m.texts('support-approve')).toEqual(['批准'])
    expect(m.texts('support-reject')).toEqual(['驳回'])
    m.unmount()
  })

  it('says so when nothing is waiting, and reads the list again on Refresh', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({ [PENDING]: [page([]), page([request()])] })
    expect(m.text('support-queue-empty')).toContain('No reset requests are waiting for approval.')
    expect(m.all('support-queue-row')).toHaveLength(0)
    expect(m.q('support-queue-pager')).toBeNull()
    await m.click('support-queue-refresh')
    expect(m.q('support-queue-empty')).toBeNull()
    expect(m.all('support-queue-row')).toHaveLength(1)
    m.unmount()
  })

  it('shows why the list could not be read, with a retry', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({ [PENDING]: [problem(503, { title: 'Identity unavailable' }), page([request()])] })
    expect(m.q('support-queue')?.textContent).toContain('Identity unavailable')
    expect(m.all('support-queue-row')).toHaveLength(0)
    await m.click(m.q('support-queue')!.querySelector<HTMLElement>('.load-retry')!)
    expect(m.q('support-queue')?.textContent).not.toContain('Identity unavailable')
    expect(m.all('support-queue-row')).toHaveLength(1)
    m.unmount()
  })

  it('asks again for the chosen status, from page 1, and shows who decided, when and why', async () => {
    i18n.global.locale.value = 'en'
    const rejected = request({
      status: 'rejected',
      decidedBy: 'kim@jade.example',
      decidedAt: '2026-11-28T09:30:00+00:00',
      decisionComment: 'Caller could not name the last payment',
    })
    const m = await mountQueue({
      [PENDING]: [page([request()])],
      [query('rejected')]: [page([rejected])],
      [query('expired')]: [page([request({ status: 'expired' })])],
    })
    const statuses = () => [...m.q('support-queue-status')!.querySelectorAll<HTMLInputElement>('input')]
    expect(statuses().map((input) => input.value)).toEqual(['pending', 'approved', 'rejected', 'expired'])
    expect(statuses()[0]!.checked).toBe(true)

    await m.click(statuses()[2]!)
    expect(m.urls()[1]).toBe(`${LIST}?status=rejected&page=1&pageSize=20`)
    expect(m.texts('support-queue-row-status')).toEqual(['Rejected'])
    expect(m.lines('support-queue-decision')).toEqual([
      ['kim@jade.example', formatDateTime('2026-11-28T09:30:00+00:00', 'en'), 'Caller could not name the last payment'],
    ])
    expect(m.q('support-approve')).toBeNull()
    expect(m.q('support-reject')).toBeNull()

    await m.click(statuses()[3]!)
    expect(m.urls()[2]).toBe(`${LIST}?status=expired&page=1&pageSize=20`)
    expect(m.texts('support-queue-decision')).toEqual(['Expired without a decision'])
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('pages through the requests', async () => {
    i18n.global.locale.value = 'en'
    const first = Array.from({ length: 20 }, (_, i) => request({ id: `a${i}` }))
    const m = await mountQueue({ [PENDING]: [page(first, 45)], [query('pending', 2)]: [page([request({ id: 'b0' })], 45, 2)] })
    expect(m.all('support-queue-row')).toHaveLength(20)
    expect(m.text('support-queue-pager')).toContain('45')
    await m.click(m.q('support-queue-pager')!.querySelector<HTMLElement>('.btn-next')!)
    expect(m.urls()[1]).toBe(`${LIST}?status=pending&page=2&pageSize=20`)
    expect(m.all('support-queue-row').map((r) => r.dataset.requestId)).toEqual(['b0'])
    m.unmount()
  })
})

describe('ResetRequestQueue: deciding', { timeout: 20_000 }, () => {
  it('does not let the requester approve their own request, and calls rejecting it withdrawing', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({ [PENDING]: [page([request({ requestedByMe: true })])] })
    const approve = m.q('support-approve') as HTMLButtonElement
    expect(approve.disabled).toBe(true)
    expect(m.text('support-own-request')).toBe('Your request — another agent must approve it')
    expect(approve.getAttribute('aria-describedby')).toBe(m.q('support-own-request')!.id)
    expect(m.text('support-reject')).toBe('Withdraw')
    expect((m.q('support-reject') as HTMLButtonElement).disabled).toBe(false)
    m.unmount()
  })

  it('approves with the comment, says so, reads the list again and tells the page', async () => {
    i18n.global.locale.value = 'en'
    const approved = request({ status: 'approved', decidedBy: 'agent@jade.example', decidedAt: '2026-11-28T08:00:00+00:00', decisionComment: 'Called back' })
    const reset = customer({ twoFactorEnabled: false })
    const m = await mountQueue({
      [PENDING]: [page([request()]), page([])],
      [APPROVE]: [jsonResponse({ request: approved, customer: reset })],
    })
    expect(m.dialogOpen()).toBe(false)
    await m.click('support-approve')
    expect(m.dialogOpen()).toBe(true)
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('Approve the reset for ann@example.com?')
    expect(m.text('support-decision-text')).toBe(
      'Two-step verification of ann@example.com will be turned off at once, and the lost authenticator app and recovery codes stop working. The customer is alerted and must set up two-step verification again.',
    )
    expect(document.querySelector('label[for="support-decision-comment"]')?.textContent).toContain('Comment (optional)')
    expect(m.q('support-decision-comment')?.id).toBe('support-decision-comment')
    await m.typeComment('  Called back  ')
    await m.click('support-decision-confirm')

    expect(m.posts()).toHaveLength(1)
    expect(m.posts()[0]!.url).toBe(`${LIST}/req-1/approve`)
    expect(m.posts()[0]!.headers['X-CSRF']).toBe('1')
    expect(m.body()).toEqual({ comment: 'Called back' })
    expect(m.message()).toBe('Approved: two-step verification of ann@example.com has been reset. The customer has been alerted and must set it up again.')
    expect(m.urls().filter((url) => url.startsWith(`${LIST}?`))).toHaveLength(2)
    expect(m.q('support-queue-empty')).not.toBeNull()
    expect(m.dialogOpen()).toBe(false)
    expect(m.decided).toHaveBeenCalledWith(approved, reset)
    m.unmount()
  })

  it('approves without a comment by sending none', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({
      [PENDING]: [page([request()]), page([])],
      [APPROVE]: [jsonResponse({ request: request({ status: 'approved' }), customer: customer({ twoFactorEnabled: false }) })],
    })
    await m.click('support-approve')
    await m.click('support-decision-confirm')
    expect(m.body()).toEqual({})
    m.unmount()
  })

  it.each([
    [403, 'four-eyes-required', 'You made this request yourself, so you cannot approve it: another support agent must.'],
    [409, 'reset-request-closed', 'This request has already been approved, rejected or has expired, so it can no longer be decided. The list has been refreshed.'],
    [404, 'reset-request-not-found', 'This request no longer exists. The list has been refreshed.'],
    [409, 'two-factor-not-enabled', 'Two-step verification is already off for this customer, so there is nothing to reset. Reject the request instead.'],
  ])('explains a %i %s to an approval, leaves only Cancel and reads the list again', async (status, type, sentence) => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({
      [PENDING]: [page([request()]), page([request({ status: 'approved' })])],
      [APPROVE]: [problemOfType(status, type, { title: 'Refused', detail: 'Server-Text' })],
    })
    await m.click('support-approve')
    await m.click('support-decision-confirm')
    expect(m.text('support-decision-error')).toBe(sentence)
    expect(m.q('support-decision-error')?.getAttribute('role')).toBe('alert')
    expect(m.q('support-decision-confirm')).toBeNull()
    expect(m.dialogOpen()).toBe(true)
    await m.click('support-decision-cancel')
    expect(m.dialogOpen()).toBe(false)
    expect(m.urls().filter((url) => url.startsWith(`${LIST}?`))).toHaveLength(2)
    expect(m.decided).not.toHaveBeenCalled()
    expect(m.message()).toBe('')
    m.unmount()
  })

  it('asks for a reason of 5 to 500 characters before rejecting, and sends nothing until then', async () => {
    i18n.global.locale.value = 'en'
    const rejected = request({ status: 'rejected', decidedBy: 'agent@jade.example', decidedAt: '2026-11-28T08:00:00+00:00', decisionComment: 'Caller hung up' })
    const m = await mountQueue({ [PENDING]: [page([request()]), page([])], [REJECT]: [jsonResponse(rejected)] })
    await m.click('support-reject')
    expect(m.text('support-decision-text')).toBe(
      'Two-step verification of ann@example.com stays on, and the customer is told that the request was turned down.',
    )
    expect(document.querySelector('label[for="support-decision-comment"]')?.textContent).toContain('Reason')

    await m.click('support-decision-confirm')
    expect(m.text('support-decision-comment-error')).toBe('Write why the request is turned down')
    const field = m.q('support-decision-comment')!
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(field.getAttribute('aria-describedby')).toBe('support-decision-comment-error')
    await m.typeComment(' no ')
    await m.click('support-decision-confirm')
    expect(m.text('support-decision-comment-error')).toBe('Write 5 to 500 characters')
    expect(m.posts()).toHaveLength(0)

    await m.typeComment(' Caller hung up ')
    await m.click('support-decision-confirm')
    expect(m.posts()[0]!.url).toBe(`${LIST}/req-1/reject`)
    expect(m.body()).toEqual({ comment: 'Caller hung up' })
    expect(m.message()).toBe('The reset request for ann@example.com was rejected.')
    expect(m.decided).toHaveBeenCalledWith(rejected, null)
    m.unmount()
  })

  it('shows the server’s word on the reason under the field, until it is edited', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({
      [PENDING]: [page([request()])],
      [REJECT]: [jsonResponse({ title: 'Validation failed', status: 400, errors: { Comment: ['The comment must not be only a ticket number.'] } }, 400)],
    })
    await m.click('support-reject')
    await m.typeComment('48213')
    await m.click('support-decision-confirm')
    expect(m.text('support-decision-comment-error')).toBe('The comment must not be only a ticket number.')
    expect(m.q('support-decision-error')).toBeNull()
    expect(m.q('support-decision-confirm')).not.toBeNull()
    await m.typeComment('Ticket 48213: caller hung up')
    expect(m.q('support-decision-comment-error')).toBeNull()
    expect(m.decided).not.toHaveBeenCalled()
    m.unmount()
  })

  it('lets the requester withdraw their own request', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountQueue({
      [PENDING]: [page([request({ requestedByMe: true })]), page([])],
      [REJECT]: [jsonResponse(request({ requestedByMe: true, status: 'rejected' }))],
    })
    await m.click('support-reject')
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('Withdraw your reset request for ann@example.com?')
    expect(m.text('support-decision-confirm')).toBe('Withdraw request')
    await m.typeComment('Customer found the recovery codes')
    await m.click('support-decision-confirm')
    expect(m.body()).toEqual({ comment: 'Customer found the recovery codes' })
    expect(m.message()).toBe('Your reset request for ann@example.com was withdrawn.')
    m.unmount()
  })
})

describe('SupportView with the queue', { timeout: 20_000 }, () => {
  /** The support page with fetch answered by `routes`. */
  async function mountPage(routes: Record<string, Reply[]>) {
    const fetchMock = serveFetch(routes)
    const m = await mountRiskView(SupportView, '/admin/support', agent, [
      { path: '/admin/support', name: 'support', component: SupportView, meta: { titleKey: 'titles.support' } },
    ])
    return { ...m, fetchMock }
  }
  /** The support page, the customer ann@example.com found. */
  async function found(routes: Record<string, Reply[]>) {
    const m = await mountPage(routes)
    const fetchMock = m.fetchMock
    await m.type('support-email', 'ann@example.com')
    await m.click('support-search')
    const text = (testId: string) => m.q(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
    const queueCalls = () => fetchMock.mock.calls.filter(([url]) => String(url).startsWith(`${LIST}?`)).length
    return { ...m, fetchMock, text, queueCalls }
  }

  it('shows the queue below the search even before a search', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPage({ [PENDING]: [page([request()])] })
    expect(m.q('support-customer')).toBeNull()
    expect(m.all('support-queue-row')).toHaveLength(1)
    m.unmount()
  })

  it('shows another agent’s open request in place of the form', async () => {
    i18n.global.locale.value = 'en'
    const m = await found({ [PENDING]: [page([request()])], [FIND]: [jsonResponse(customer({ pendingReset: request() }))] })
    expect(m.q('support-reset-form')).toBeNull()
    const alert = m.q('support-pending-reset')!
    expect(alert.querySelector('.el-alert__title')?.textContent?.trim()).toBe(
      `Reset requested by lee@jade.example on ${formatDateTime('2026-11-28T06:15:00+00:00', 'en')}; waiting for another agent’s approval ` +
        `(expires ${formatDateTime('2026-11-29T06:15:00+00:00', 'en')}).`,
    )
    expect(alert.querySelector('.el-alert__description')?.textContent?.trim()).toBe('Approve or reject it in the list of reset requests below.')
    expect(alert.classList.contains('el-alert--info')).toBe(true)
    m.unmount()
  })

  it.each([
    ['en', 'You requested this reset on'],
    ['zh-CN', '您已于'],
  ])('says in %s when the open request is the agent’s own', async (locale, start) => {
    i18n.global.locale.value = locale as 'en' | 'zh-CN'
    const mine = request({ requestedByMe: true, requestedBy: 'agent@jade.example' })
    const m = await found({ [PENDING]: [page([mine])], [FIND]: [jsonResponse(customer({ pendingReset: mine }))] })
    expect(m.text('support-pending-reset').startsWith(start)).toBe(true)
    expect(m.text('support-pending-reset')).toContain(formatDateTime(mine.expiresAt, locale))
    expect(m.text('support-pending-reset')).not.toContain('agent@jade.example')
    m.unmount()
  })

  it('says the customer already has a request waiting when the server refuses a second (409)', async () => {
    i18n.global.locale.value = 'en'
    const m = await found({
      [PENDING]: [page([])],
      [FIND]: [jsonResponse(customer())],
      [REQUEST]: [problemOfType(409, 'reset-already-requested', { title: 'Conflict' })],
    })
    await m.type('support-national-id', '11010519491231002X')
    await m.type('support-comment', 'Ticket 48213')
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.text('support-reset-error')).toBe(
      'A reset of two-step verification is already waiting for approval for this customer, so no second one was made. Find it under “Reset requests awaiting approval”.',
    )
    expect(m.q('support-reset-form')).not.toBeNull()
    m.unmount()
  })

  it('shows the request it just made in place of the form, and in the queue', async () => {
    i18n.global.locale.value = 'en'
    const mine = request({ requestedByMe: true, requestedBy: 'agent@jade.example' })
    const m = await found({
      [PENDING]: [page([]), page([mine])],
      [FIND]: [jsonResponse(customer())],
      [REQUEST]: [jsonResponse(mine, 202)],
    })
    expect(m.queueCalls()).toBe(1)
    await m.type('support-national-id', '11010519491231002X')
    await m.type('support-comment', 'Ticket 48213')
    await m.click('support-reset-submit')
    await m.click('support-reset-confirm')
    expect(m.q('support-reset-form')).toBeNull()
    expect(m.text('support-pending-reset')).toContain('You requested this reset on')
    expect(m.queueCalls()).toBe(2)
    expect(m.all('support-queue-row').map((r) => r.dataset.requestId)).toEqual(['req-1'])
    expect(m.text('support-own-request')).toBe('Your request — another agent must approve it')
    m.unmount()
  })

  it('shows the shown customer reset once their request is approved in the queue', async () => {
    i18n.global.locale.value = 'en'
    const reset = customer({ twoFactorEnabled: false })
    const m = await found({
      [PENDING]: [page([request()]), page([])],
      [FIND]: [jsonResponse(customer({ pendingReset: request() }))],
      [APPROVE]: [jsonResponse({ request: request({ status: 'approved' }), customer: reset })],
    })
    expect(m.text('support-customer-two-factor')).toBe('On')
    await m.click('support-approve')
    await m.click('support-decision-confirm')
    expect(m.text('support-customer-two-factor')).toBe('Off')
    expect(m.q('support-pending-reset')).toBeNull()
    expect(m.text('support-two-factor-note')).toContain('Two-step verification was reset just now.')
    m.unmount()
  })

  it('offers the form again once the shown customer’s request is withdrawn', async () => {
    i18n.global.locale.value = 'en'
    const mine = request({ requestedByMe: true })
    const m = await found({
      [PENDING]: [page([mine]), page([])],
      [FIND]: [jsonResponse(customer({ pendingReset: mine }))],
      [REJECT]: [jsonResponse({ ...mine, status: 'rejected' })],
    })
    expect(m.q('support-reset-form')).toBeNull()
    await m.click('support-reject')
    await m.type('support-decision-comment', 'Customer found the recovery codes')
    await m.click('support-decision-confirm')
    expect(m.q('support-pending-reset')).toBeNull()
    expect(m.q('support-reset-form')).not.toBeNull()
    expect(m.text('support-customer-two-factor')).toBe('On')
    m.unmount()
  })
})
