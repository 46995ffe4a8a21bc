#ifndef FEATIDE_CNCURSES_SHIM_H
#define FEATIDE_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for the wide-character API explicitly.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Globals and function-like macros do not import into Swift 6; these accessors stand in.
static inline WINDOW *featide_stdscr(void) { return stdscr; }
static inline int featide_lines(void) { return LINES; }
static inline int featide_cols(void) { return COLS; }
static inline int featide_colors(void) { return COLORS; }
static inline int featide_color_pairs(void) { return COLOR_PAIRS; }
static inline int featide_key_f(int n) { return KEY_F(n); }
static inline attr_t featide_attr_bold(void) { return A_BOLD; }
static inline attr_t featide_attr_reverse(void) { return A_REVERSE; }
static inline attr_t featide_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t featide_attr_dim(void) { return A_DIM; }
static inline attr_t featide_attr_italic(void) { return A_ITALIC; }
static inline mmask_t featide_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t featide_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t featide_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t featide_wheel_up(void) { return BUTTON4_PRESSED; }
#if NCURSES_MOUSE_VERSION > 1
static inline mmask_t featide_wheel_down(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t featide_wheel_down(void) { return 0; }
#endif
static inline mmask_t featide_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t featide_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// Draws one cell: a wide-character string with attributes and a colour pair.
static inline int featide_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

#endif
