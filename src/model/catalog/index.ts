export { ArmTypes, armTypeEntry, canonicalArmType, type ArmTypeEntry } from './arm-types.js';
export { Enums, canonicalEnum, type EnumName } from './enums.js';
export { Limitations, limitationIds, type LimitationId } from './limitations.js';
export {
  TerraformNameTables,
  terraformNameTable,
  terraformAttribute,
  terraformImpliedBy,
  terraformTypesFor,
  type TerraformNameTable,
} from './terraform-names.js';
