package io.microseg.controller;
