package io.olympus.commerce.analytics.model;

import java.time.LocalDate;

/** The read model's sales of one local day in one currency (summed over the locations asked for). */
public record DailySales(LocalDate day, String currency, SalesFigures figures) {}
