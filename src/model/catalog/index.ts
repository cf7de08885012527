export { ArmTypes, armTypeEntry, canonicalArmType, type ArmTypeEntry } from './arm-types.js';
export { Enums, canonicalEnum, type EnumName } from './enums.js';
export { Limitations, limitationIds, type LimitationId } from './limitations.js';
