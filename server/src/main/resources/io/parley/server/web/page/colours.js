// Name colours, exactly as the console client picks them (client/.../Colours.java, ANSI_256): an
// xterm 256-colour palette and an FNV-1a hash of the case-folded name, so that a name has the
// same colour in the browser as in a terminal. style.css holds the colour of each palette entry
// (class nc-CODE).

export const PALETTE = [27, 31, 33, 37, 41, 43, 64, 69, 71, 98, 105, 127, 130, 134, 136, 141, 166, 168, 172, 176];

/** Names are unique without regard to case; Java's toLowerCase(Locale.ROOT) does the same. */
export function nameKey(name) {
  return name.toLowerCase();
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
