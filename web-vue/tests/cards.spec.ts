import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import CardsView from '@/views/CardsView.vue'
import { createAppRouter } from '@/router'
import type { BankCardView } from '@/api/cards'
import { flush, jsonResponse, mockFetch, noContent, requestOf, stillProcessing } from './helpers'

const card = (id: string, maskedNumber: string, extra: Partial<BankCardView> = {}): BankCardView => ({
  id,
  maskedNumber,
  last4: maskedNumber.slice(-4),
  holderName: '张**',
  label: null,
  boundAt: '2026-11-20T08:00:00Z',
  ...extra,
})

const salary = card('c-1', '6200 00** **** 0005', { label: 'Salary' })
const visa = card('c-2', '4111 11** **** 1111', { holderName: 'L*****' })
const amex = card('c-3', '3782 82** ***0 005', { boundAt: '2026-11-26T09:30:00Z' })

function mount() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp(CardsView).use(createPinia()).use(i18n)
  app.mount(el)
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const all = (testId: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)]
  const input = (testId: string) => {
    const found = q(testId)
    return (found instanceof HTMLInputElement ? found : found?.querySelector('input')) as HTMLInputElement
  }
  const type = async (testId: string, value: string) => {
    const field = input(testId)
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    field.dispatchEvent(new Event('change', { bubbles: true }))
    await flush()
  }
  const fill = async (values: { cardNumber?: string; holderName?: string; label?: string } = {}) => {
    await type('card-number-input', values.cardNumber ?? '6200 0000 0000 0005')
    await type('card-holder-input', values.holderName ?? ' 张三丰 ')
    await type('card-label-input', values.label ?? '')
  }
  const submit = async () => {
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flush()
    // Element Plus shows a form item's error after a 100 ms debounce.
    await new Promise((r) => setTimeout(r, 150))
    await flush()
  }
  const itemError = (testId: string) => q(testId)!.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
  const numbers = () => all('card-number').map((n) => n.textContent?.trim())
  const click = async (node: HTMLElement | null | undefined) => {
    if (!node) throw new Error('nothing to click')
    node.click()
    await flush()
  }
  return { el, q, all, input, type, fill, submit, itemError, numbers, click, unmount: () => (app.unmount(), el.remove()) }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

describe('CardsView', () => {
  it('lists the bound cards, newest first, with their masked details', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([amex, salary, visa]))
    const { q, all, numbers, unmount } = mount()
    await flush()

    expect(requestOf(fetchMock).url).toBe('/api/payments/cards')
    expect(q('cards-list')).not.toBeNull()
    expect(q('cards-empty')).toBeNull()
    expect(numbers()).toEqual(['3782 82** ***0 005', '6200 00** **** 0005', '4111 11** **** 1111'])
    expect(all('card-holder').map((n) => n.textContent)).toEqual(['张**', '张**', 'L*****'])
    expect(all('card-label').map((n) => n.textContent?.trim())).toEqual(['Salary'])
    expect(all('card-item')[0]!.textContent).toContain('November 26, 2026')
    expect(all('card-remove')[1]!.getAttribute('aria-label')).toBe('Remove the card ending 0005')
    unmount()
  })

  it('says so when no card is bound yet', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([]))
    const { q, unmount } = mount()
    await flush()
    expect(q('cards-list')).toBeNull()
    expect(q('cards-empty')?.textContent).toContain('No cards yet')
    expect(q('card-form-card')).not.toBeNull()
    unmount()
  })

  it('shows a load error with a retry', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse({ title: 'Payments down' }, 503), jsonResponse([salary]))
    const { el, numbers, unmount } = mount()
    await flush()
    expect(el.textContent).toContain('Payments down')
    el.querySelector<HTMLButtonElement>('.load-retry')!.click()
    await flush()
    expect(numbers()).toEqual(['6200 00** **** 0005'])
    unmount()
  })

  it('binds a card: posts the digits only with an Idempotency-Key and puts the new card on top', async () => {
    i18n.global.locale.value = 'en'
    const created = card('c-9', '6200 00** **** 0005', { holderName: '张**', label: 'Salary', boundAt: '2026-11-27T10:00:00Z' })
    const fetchMock = mockFetch(jsonResponse([visa]), jsonResponse(created, 201))
    const { q, input, fill, submit, numbers, unmount } = mount()
    await flush()

    await fill({ cardNumber: '6200 0000-0000 0005', label: '  Salary ' })
    await submit()

    expect(fetchMock).toHaveBeenCalledTimes(2)
    const post = requestOf(fetchMock, 1)
    expect(post.url).toBe('/api/payments/cards')
    expect(post.init.method).toBe('POST')
    expect(post.headers['X-CSRF']).toBe('1')
    expect(post.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(post.init.body as string)).toEqual({ cardNumber: '6200000000000005', holderName: '张三丰', label: 'Salary' })

    expect(numbers()).toEqual(['6200 00** **** 0005', '4111 11** **** 1111'])
    expect(document.body.textContent).toContain('The card ending 0005 has been bound')
    // The form starts again, with no leftover messages.
    expect(input('card-number-input').value).toBe('')
    expect(input('card-holder-input').value).toBe('')
    expect(input('card-label-input').value).toBe('')
    expect(q('card-form-card')!.querySelector('.el-form-item__error')).toBeNull()
    unmount()
  })

  it('sends an empty label as null and a new key for the next card', async () => {
    const fetchMock = mockFetch(
      jsonResponse([]),
      jsonResponse(card('c-8', '4111 11** **** 1111'), 201),
      jsonResponse(card('c-9', '6200 00** **** 0005'), 201),
    )
    const { fill, submit, numbers, unmount } = mount()
    await flush()
    await fill({ cardNumber: '4111111111111111', label: '   ' })
    await submit()
    await fill()
    await submit()
    expect(JSON.parse(requestOf(fetchMock, 1).init.body as string).label).toBeNull()
    expect(requestOf(fetchMock, 1).headers['Idempotency-Key']).not.toBe(requestOf(fetchMock, 2).headers['Idempotency-Key'])
    expect(numbers()).toEqual(['6200 00** **** 0005', '4111 11** **** 1111'])
    unmount()
  })

  it('catches a mistyped number (Luhn) and a missing name before sending anything', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([]))
    const { fill, submit, itemError, unmount } = mount()
    await flush()
    await fill({ cardNumber: '4111 1111 1111 1121', holderName: '  ' })
    await submit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(itemError('card-number-input')).toBe('This card number is not valid; please check the digits')
    expect(itemError('card-holder-input')).toBe('Enter the name on the card')
    expect(itemError('card-label-input')).toBe('')
    unmount()
  })

  it('shows a field message once the field is left, not before', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([]))
    const { input, type, itemError, unmount } = mount()
    await flush()
    await type('card-number-input', '4111 1111 1111 111a')
    await new Promise((r) => setTimeout(r, 150))
    expect(itemError('card-number-input')).toBe('')
    input('card-number-input').dispatchEvent(new FocusEvent('blur'))
    await flush()
    await new Promise((r) => setTimeout(r, 150))
    await flush()
    expect(itemError('card-number-input')).toBe('Use digits only; spaces and hyphens are ignored')
    unmount()
  })

  it('shows a 400 under its field until that field is edited', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse([]),
      jsonResponse({ title: 'One or more validation errors occurred.', status: 400, errors: { HolderName: ['Server says no name'] } }, 400),
    )
    const { q, type, fill, submit, itemError, unmount } = mount()
    await flush()
    await fill()
    await submit()
    expect(itemError('card-holder-input')).toBe('Server says no name')
    expect(itemError('card-number-input')).toBe('')
    expect(q('card-form-error')).toBeNull()

    await type('card-label-input', 'Other field')
    await new Promise((r) => setTimeout(r, 150))
    expect(itemError('card-holder-input')).toBe('Server says no name')
    await type('card-holder-input', '张三')
    await new Promise((r) => setTimeout(r, 150))
    await flush()
    expect(itemError('card-holder-input')).toBe('')
    unmount()
  })

  it('shows a conflict (409) above the form and keeps the values', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse([salary]),
      jsonResponse({ title: 'Conflict', status: 409, detail: 'This card is already bound to your wallet.' }, 409),
      jsonResponse({ title: 'Conflict', status: 409, detail: 'At most 10 cards can be bound; remove one first.' }, 409),
    )
    const { q, input, fill, submit, numbers, unmount } = mount()
    await flush()
    await fill()
    await submit()
    expect(q('card-form-error')?.textContent).toContain('This card is already bound to your wallet.')
    expect(input('card-number-input').value).toBe('6200 0000 0000 0005')
    expect(numbers()).toEqual(['6200 00** **** 0005'])

    // The server keeps its refusal under the key; trying again (e.g. after removing a card) is a new attempt.
    await submit()
    expect(q('card-form-error')?.textContent).toContain('At most 10 cards can be bound; remove one first.')
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).not.toBe(requestOf(fetchMock, 1).headers['Idempotency-Key'])
    unmount()
  })

  it.each([
    ['en', 'still being bound'],
    ['zh-CN', '仍在绑定中'],
  ] as const)('keeps the Idempotency-Key while the first binding is still being processed (409 idempotency-in-progress) (%s)', async (locale, words) => {
    i18n.global.locale.value = locale
    const created = card('c-9', '6200 00** **** 0005')
    const fetchMock = mockFetch(
      jsonResponse([]),
      stillProcessing(),
      jsonResponse(created, 201),
    )
    const { q, fill, submit, numbers, unmount } = mount()
    await flush()
    await fill()
    await submit()
    expect(q('card-form-error')?.textContent).toContain(i18n.global.t('cards.errors.stillProcessing'))
    expect(q('card-form-error')?.textContent).toContain(words)

    await submit()
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).toBe(requestOf(fetchMock, 1).headers['Idempotency-Key'])
    expect(numbers()).toEqual(['6200 00** **** 0005'])
    unmount()
  })

  it('reuses the Idempotency-Key when the same card is sent again after a network failure', async () => {
    i18n.global.locale.value = 'en'
    const created = card('c-9', '6200 00** **** 0005')
    const fetchMock = mockFetch(jsonResponse([]), new TypeError('Failed to fetch'), jsonResponse(created, 201))
    const { q, fill, submit, numbers, unmount } = mount()
    await flush()
    await fill()
    await submit()
    expect(q('card-form-error')?.textContent).toContain(i18n.global.t('errors.network'))
    expect(numbers()).toEqual([])

    await submit()
    const first = requestOf(fetchMock, 1)
    const retry = requestOf(fetchMock, 2)
    expect(retry.headers['Idempotency-Key']).toBeTruthy()
    expect(retry.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key'])
    expect(retry.init.body).toBe(first.init.body)
    expect(q('card-form-error')).toBeNull()
    expect(numbers()).toEqual(['6200 00** **** 0005'])
    unmount()
  })

  it('uses a new Idempotency-Key once the values change after a failure', async () => {
    const fetchMock = mockFetch(jsonResponse([]), new TypeError('Failed to fetch'), jsonResponse(card('c-9', '4111 11** **** 1111'), 201))
    const { fill, submit, unmount } = mount()
    await flush()
    await fill()
    await submit()
    await fill({ cardNumber: '4111 1111 1111 1111' })
    await submit()
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).not.toBe(requestOf(fetchMock, 1).headers['Idempotency-Key'])
    unmount()
  })

  it('turns binding off at the limit of 10 cards', async () => {
    i18n.global.locale.value = 'en'
    const ten = Array.from({ length: 10 }, (_, i) => card(`c-${i}`, `6200 00** **** 000${i}`))
    const fetchMock = mockFetch(jsonResponse(ten))
    const { q, fill, submit, unmount } = mount()
    await flush()
    expect(q('cards-full')?.textContent).toContain('maximum of 10 cards')
    expect(q('card-bind')?.hasAttribute('disabled')).toBe(true)
    await fill()
    await submit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    unmount()
  })

  it('removes a card only after confirmation, with DELETE, and drops it from the list', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse([salary, visa]), noContent())
    const { q, all, click, numbers, unmount } = mount()
    await flush()

    await click(all('card-remove')[0])
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(q('card-confirm')?.textContent).toContain('Remove the card ending 0005?')

    // Changing one's mind sends nothing.
    await click(q('card-remove-cancel'))
    expect(q('card-confirm')).toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await click(all('card-remove')[0])
    await click(q('card-remove-confirm'))
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const del = requestOf(fetchMock, 1)
    expect(del.url).toBe('/api/payments/cards/c-1')
    expect(del.init.method).toBe('DELETE')
    expect(del.headers['X-CSRF']).toBe('1')
    expect(numbers()).toEqual(['4111 11** **** 1111'])
    expect(document.body.textContent).toContain('The card ending 0005 has been removed')
    unmount()
  })

  it('keeps the card and says why when removing fails; drops it when it was already gone', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse([salary, visa]),
      jsonResponse({ title: 'Payments unavailable', status: 503 }, 503),
      jsonResponse({ title: 'Not Found', status: 404 }, 404),
    )
    const { q, all, click, numbers, unmount } = mount()
    await flush()
    await click(all('card-remove')[1])
    await click(q('card-remove-confirm'))
    expect(q('card-remove-error')?.textContent).toContain('Payments unavailable')
    expect(numbers()).toEqual(['6200 00** **** 0005', '4111 11** **** 1111'])

    await click(q('card-remove-confirm'))
    expect(numbers()).toEqual(['6200 00** **** 0005'])
    expect(q('card-remove-error')).toBeNull()
    unmount()
  })

  it.each([
    ['en', 'Bank cards', 'Remove', 'Cardholder'],
    ['zh-CN', '银行卡', '解绑', '持卡人'],
  ] as const)('renders in %s', async (locale, title, remove, holder) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse([salary]))
    const { el, q, unmount } = mount()
    await flush()
    expect(el.querySelector('h1')?.textContent).toBe(title)
    expect(q('card-remove')?.textContent?.trim()).toBe(remove)
    expect(q('card-item')?.textContent).toContain(holder)
    unmount()
  })

  it('follows a language switch in the field messages', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([]))
    const { fill, submit, itemError, unmount } = mount()
    await flush()
    await fill({ cardNumber: '411111111111' })
    await submit()
    expect(itemError('card-number-input')).toBe('A card number has 13 to 19 digits')
    i18n.global.locale.value = 'zh-CN'
    await flush()
    await new Promise((r) => setTimeout(r, 150))
    await flush()
    expect(itemError('card-number-input')).toBe('卡号应为 13 至 19 位数字')
    unmount()
  })
})

describe('cards route', () => {
  it('is /cards, for signed-in customers, titled "Bank cards"', () => {
    const route = createAppRouter(createMemoryHistory()).resolve('/cards')
    expect(route.name).toBe('cards')
    expect(route.meta).toMatchObject({ titleKey: 'titles.cards', requiresAuth: true })
    expect(i18n.global.t('titles.cards', {}, { locale: 'en' })).toBe('Bank cards')
    expect(i18n.global.t('titles.cards', {}, { locale: 'zh-CN' })).toBe('银行卡')
  })
})
