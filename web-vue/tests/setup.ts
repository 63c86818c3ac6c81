import { afterEach } from 'vitest'

// An ElMessage closes itself 3 s after it opens, through a transition that calls requestAnimationFrame. One still open
// when a test file ends closes after the DOM environment is gone, and the run fails on "requestAnimationFrame is not
// defined". So every test closes its messages and lets them leave while the environment is still there. (Imported
// only then: most files never show one.)
afterEach(async () => {
  if (document.querySelector('.el-message') === null) return
  const { ElMessage } = await import('element-plus')
  ElMessage.closeAll()
  await new Promise((resolve) => setTimeout(resolve, 50))
})
