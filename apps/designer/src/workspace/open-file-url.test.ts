import { describe, expect, it } from 'vitest'
import { urlWithOpenFile } from './open-file-url.ts'

describe('the address of the open file', () => {
  it.each([
    ['http://127.0.0.1:5173/', 'a.strategy.yaml', 'http://127.0.0.1:5173/?file=a.strategy.yaml'],
    [
      'http://127.0.0.1:5173/?file=a.strategy.yaml',
      'b.strategy.yaml',
      'http://127.0.0.1:5173/?file=b.strategy.yaml',
    ],
    [
      'http://127.0.0.1:5173/?serve=http%3A%2F%2F127.0.0.1%3A8380&file=a.strategy.yaml#x',
      'sub/c d.strategy.yaml',
      'http://127.0.0.1:5173/?serve=http%3A%2F%2F127.0.0.1%3A8380&file=sub%2Fc+d.strategy.yaml#x',
    ],
  ])('%s opening %s reads %s', (href, path, expected) => {
    const url = urlWithOpenFile(href, path)
    expect(url).toBe(expected)
    expect(new URL(url).searchParams.get('file')).toBe(path)
  })
})
