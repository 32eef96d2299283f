/**
 * Byte offset (0-based) of the first byte of `bytes` that does not belong to a well-formed UTF-8 sequence, or
 * undefined when all of it is valid UTF-8. Overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index] ?? 0;
    if (first < 0x80) {
      index += 1;
      continue;
    }
    const [length, low, high] =
      first >= 0xc2 && first <= 0xdf
        ? [2, 0x80, 0xbf]
        : first === 0xe0
          ? [3, 0xa0, 0xbf]
          : first === 0xed
            ? [3, 0x80, 0x9f]
            : first >= 0xe1 && first <= 0xef
              ? [3, 0x80, 0xbf]
              : first === 0xf0
                ? [4, 0x90, 0xbf]
                : first === 0xf4
                  ? [4, 0x80, 0x8f]
                  : first >= 0xf1 && first <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : [0, 0, 0];
    if (length === 0) return index;
    for (let offset = 1; offset < length; offset += 1) {
      const byte = bytes[index + offset];
      // The second byte has a narrower range for some lead bytes; the others are plain continuation bytes.
      const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return undefined;
}
