package io.microseg.flowrules;
