import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Runs `tick` every `ms` while the tab is visible, and once straight away when it becomes visible again,
 * so a backgrounded tab costs the servers nothing.
 */
export function useVisibleInterval(tick: () => void, ms: number): void {
  let timer: ReturnType<typeof setInterval> | undefined

  const isVisible = () => document.visibilityState === 'visible'
  const onVisibilityChange = () => {
    if (isVisible()) tick()
  }

  onMounted(() => {
    timer = setInterval(() => {
      if (isVisible()) tick()
    }, ms)
    document.addEventListener('visibilitychange', onVisibilityChange)
  })

  onBeforeUnmount(() => {
    clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisibilityChange)
  })
}
