// Name colours, as the console client prefers them (client/.../Colours.java, 256 colours): an
// xterm 256-colour palette and an FNV-1a hash of the case-folded name, so that a name has the
// same colour in the browser as in a terminal. style.css holds the colour of each palette entry
// (class nc-CODE).

export const PALETTE = [27, 31, 33, 37, 41, 43, 64, 69, 71, 98, 105, 127, 130, 134, 136, 141, 166, 168, 172, 176];

const PLAIN = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * The name's comparison key, as the server's Names.key makes it: lower case for plain ASCII
 * names, else Unicode's NFKC_Casefold (compatibility forms folded, then full case folding).
 * JavaScript has no case folding; upper then lower case does it for the letters names use (ß and
 * SS meet, ǅ and ǆ), with final sigma made medial, as folding does.
 */
export function nameKey(name) {
  if (PLAIN.test(name)) return name.toLowerCase();
  return name.normalize('NFKC').toUpperCase().toLowerCase().replace(/ς/gu, 'σ').normalize('NFKC');
}

/** FNV-1a (32 bits) over the UTF-8 bytes of text, as an unsigned number. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The xterm colour code of a name, one of PALETTE. */
export function nameColour(name) {
  return PALETTE[fnv1a(nameKey(name)) % PALETTE.length];
}

/** The CSS class that shows a name in its colour. */
export function colourClass(name) {
  return 'nc-' + nameColour(name);
}
