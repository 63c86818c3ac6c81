import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import { suspenseQuery } from '@/api/endpoints'
import SuspenseView from '@/views/payments/admin/SuspenseView.vue'
import { jsonResponse, mockFetch, requestOf, selectOptions, stillProcessing } from './helpers'
import { mountRiskView } from './riskHelpers'

const operator = {
  isAuthenticated: true as const,
  sub: 'ops-1',
  email: 'ops@jade.example',
  name: 'Otto Ops',
  roles: ['staff', 'payments_operator'],
  logoutUrl: '/bff/logout?sid=x',
}

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  statementDate: '2026-11-26',
  channel: 'acquirer',
  objectId: `ch_${id}`,
  reference: `ref-${id}`,
  orderId: null,
  reason: 'not_settled',
  channelAmount: null,
  bookedAmount: '20.00',
  detail: `Booked 20.00 CNY for ${id}, but the acquirer's statement does not show it.`,
  foundAt: '2026-11-27T02:00:00Z',
  status: 'open',
  resolvedAt: null,
  resolvedByName: null,
  resolution: null,
  ...extra,
})

const page = (items: unknown[], total = items.length) => jsonResponse({ items, page: 1, pageSize: 20, total })

const mount = () =>
  mountRiskView(SuspenseView, '/admin/payments/suspense', operator, [
    { path: '/admin/payments/suspense', name: 'payments-suspense', component: SuspenseView, meta: { titleKey: 'titles.suspense' } },
  ])

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('suspense queue query', () => {
  it('sends only the filters that are set, then the page', () => {
    expect(suspenseQuery({ status: 'open', reason: '' }, 1, 20).toString()).toBe('status=open&page=1&pageSize=20')
    expect(suspenseQuery({ status: '', reason: 'amount_mismatch' }, 2, 50).toString()).toBe('reason=amount_mismatch&page=2&pageSize=50')
  })
})

describe('SuspenseView', { timeout: 20_000 }, () => {
  it('lists the open differences with their amounts and reasons in both languages', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(page([item('a'), item('b', { reason: 'amount_mismatch', channelAmount: '10.01', bookedAmount: '9.00', channel: 'payouts' })]))
    const { all, unmount } = await mount()
    expect(requestOf(fetchMock).url).toBe('/api/payments/suspense?status=open&page=1&pageSize=20')
    const rows = all('suspense-row')
    expect(rows.map((r) => r.dataset.itemId)).toEqual(['a', 'b'])
    expect(rows[0]!.textContent).toContain('Booked, not settled')
    expect(rows[0]!.textContent).toContain('Card acquirer')
    expect(rows[1]!.textContent).toContain('Amount differs')
    expect(rows[1]!.textContent).toContain('10.01')
    expect(rows[1]!.textContent).toContain('9.00')
    expect(rows[1]!.textContent).toContain('Payout rail')
    unmount()

    i18n.global.locale.value = 'zh-CN'
    mockFetch(page([item('a')]))
    const zh = await mount()
    expect(zh.all('suspense-row')[0]!.textContent).toContain('账务已入账，渠道未结算')
    zh.unmount()
  })

  it.each([
    ['en', 'Refund failed', 'Unexpected refund'],
    ['zh-CN', '退款失败', '非预期退款'],
  ] as const)('names the refund differences in %s, and offers them in the reason filter', async (locale, refundFailed, unexpectedRefund) => {
    i18n.global.locale.value = locale
    const refundItems = [
      item('a', { reason: 'refund_failed', orderId: 'top-1', channelAmount: null, bookedAmount: '100.00' }),
      item('b', { reason: 'unexpected_refund', channelAmount: '100.00', bookedAmount: null }),
    ]
    const fetchMock = mockFetch(page(refundItems), page(refundItems.slice(0, 1)))
    const { q, all, click, unmount } = await mount()
    const rows = all('suspense-row')
    expect(rows[0]!.textContent).toContain(refundFailed)
    expect(rows[1]!.textContent).toContain(unexpectedRefund)

    await click(q('suspense-filter-reason')!.querySelector<HTMLElement>('.el-select__wrapper')!)
    const options = selectOptions('suspense-filter-reason')
    const labels = options.map((o) => o.textContent?.trim())
    expect(labels).toHaveLength(6)
    expect(labels.slice(-2)).toEqual([refundFailed, unexpectedRefund])
    await click(options.find((o) => o.textContent?.trim() === refundFailed)!)
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2))
    expect(requestOf(fetchMock, 1).url).toBe('/api/payments/suspense?status=open&reason=refund_failed&page=1&pageSize=20')
    await vi.waitFor(() => expect(all('suspense-row').map((r) => r.dataset.itemId)).toEqual(['a']))
    unmount()
  })

  it('shows an empty queue as the books matching', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(page([]))
    const { q, unmount } = await mount()
    expect(q('suspense-empty')!.textContent).toContain('The books match')
    unmount()
  })

  it('asks for a note before resolving, sends it with an idempotency key, and reloads the queue', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      page([item('a')]),
      jsonResponse(item('a', { status: 'resolved', resolution: 'Booked twice; reversed T-9.', resolvedByName: 'ops@jade.example', resolvedAt: '2026-11-27T03:00:00Z' })),
      page([]),
    )
    const { q, click, type, unmount } = await mount()

    await click('suspense-resolve')
    await click('suspense-submit')
    expect(q('suspense-note-error')!.textContent).toContain('Write what you found and did.')
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await type('suspense-note', '  Booked twice; reversed T-9.  ')
    await click('suspense-submit')
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3))
    const sent = requestOf(fetchMock, 1)
    expect(sent.url).toBe('/api/payments/suspense/a/resolution')
    expect(sent.init.method).toBe('POST')
    expect(JSON.parse(String(sent.init.body))).toEqual({ resolution: 'Booked twice; reversed T-9.' })
    expect(sent.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    await vi.waitFor(() => expect(q('suspense-empty')).not.toBeNull())
    unmount()
  })

  it.each([
    ['en', 'still being processed'],
    ['zh-CN', '仍在处理中'],
  ] as const)('keeps the dialog and the key while the same resolution is still being processed (409 idempotency-in-progress) (%s)', async (locale, words) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(
      page([item('a')]),
      stillProcessing(),
      jsonResponse(item('a', { status: 'resolved', resolution: 'Reversed T-9.', resolvedByName: 'ops@jade.example', resolvedAt: '2026-11-27T03:00:00Z' })),
      page([]),
    )
    const { q, click, type, unmount } = await mount()
    await click('suspense-resolve')
    await type('suspense-note', 'Reversed T-9.')
    await click('suspense-submit')
    // Not "someone else resolved it": the dialog stays open with the note, and the queue is not reloaded.
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(q('suspense-submit')).not.toBeNull()
    expect(q('suspense-submit-error')!.textContent).toContain(i18n.global.t('errors.stillProcessing'))
    expect(q('suspense-submit-error')!.textContent).toContain(words)
    expect(document.querySelector('.el-message')?.textContent ?? '').not.toContain(i18n.global.t('suspense.resolve.conflict'))

    await click('suspense-submit')
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(4))
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).toBe(requestOf(fetchMock, 1).headers['Idempotency-Key'])
    unmount()
  })

  it('shows the server\'s complaint about the note, and a conflict as someone else having resolved it', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      page([item('a')]),
      jsonResponse({ title: 'Validation failed', status: 400, errors: { resolution: ['resolution is required (1 to 500 characters).'] } }, 400),
      jsonResponse({ title: 'Conflict', status: 409, detail: 'already resolved' }, 409),
      page([item('a', { status: 'resolved', resolution: 'Done by Ann', resolvedByName: 'ann@jade.example', resolvedAt: '2026-11-27T03:00:00Z' })]),
    )
    const { q, all, click, type, unmount } = await mount()

    await click('suspense-resolve')
    await type('suspense-note', 'x')
    await click('suspense-submit')
    expect(q('suspense-note-error')!.textContent).toContain('resolution is required')

    await click('suspense-submit')
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(4))
    await vi.waitFor(() => expect(all('suspense-resolution').map((n) => n.textContent)).toEqual(['Done by Ann']))
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).toBe(requestOf(fetchMock, 1).headers['Idempotency-Key'])
    unmount()
  })
})
