package io.microseg.rest;
