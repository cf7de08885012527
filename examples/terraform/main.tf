terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "apps" {
  type    = list(string)
  default = ["billing", "shipping"]
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-tailspin"
  location = "westeurope"
}

resource "azurerm_service_plan" "plan" {
  name                = "plan-tailspin"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "P1v3"
}

resource "azurerm_linux_web_app" "api" {
  count               = length(var.apps)
  name                = "tailspin-${var.apps[count.index]}"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  service_plan_id     = azurerm_service_plan.plan.id

  client_certificate_enabled = true
  client_certificate_mode    = "Required"

  site_config {}
}

resource "azurerm_linux_function_app" "jobs" {
  name                       = "tailspin-jobs"
  resource_group_name        = azurerm_resource_group.rg.name
  location                   = azurerm_resource_group.rg.location
  service_plan_id            = azurerm_service_plan.plan.id
  storage_account_name       = "tailspinjobs"
  storage_account_access_key = "placeholder"

  # The provider defaults client_certificate_mode to "Optional" for function apps.
  client_certificate_enabled = true

  site_config {}
}
