/**
 * Frontends are loaded on first use, so a scan of one ARM file never pays for the Terraform grammar
 * (a WebAssembly module) and `--version` pays for nothing.
 */
type ArmModule = typeof import('../../frontends/arm/index.js');
type BicepModule = typeof import('../../frontends/bicep/index.js');
type TerraformModule = typeof import('../../frontends/terraform/index.js');

let arm: Promise<ArmModule> | undefined;
let bicep: Promise<BicepModule> | undefined;
let terraform: Promise<TerraformModule> | undefined;

export function armFrontend(): Promise<ArmModule> {
  return (arm ??= import('../../frontends/arm/index.js'));
}

export function bicepFrontend(): Promise<BicepModule> {
  return (bicep ??= import('../../frontends/bicep/index.js'));
}

export function terraformFrontend(): Promise<TerraformModule> {
  return (terraform ??= import('../../frontends/terraform/index.js'));
}
