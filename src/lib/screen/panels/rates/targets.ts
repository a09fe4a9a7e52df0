/** The target a rate is held against where the layout's 考核指标 panel names none (the wall and the phone alike). */
export const DEFAULT_RATE_TARGET = 0.9;
