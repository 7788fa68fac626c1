/* sp-quantity.h: numbers, units, doses and concentrations as clinicians write
 * them; includes the three headers that declare them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sp-number.h         numbers: locale parsing, ISMP formatting, SP_QUANTITY_ERROR
 * sp-units.h          amount, time and dose units; doses with their unit
 * sp-concentration.h  concentrations: parsing, strength per mL, formatting
 */
#pragma once

#include "sp-concentration.h"
#include "sp-number.h"
#include "sp-units.h"
